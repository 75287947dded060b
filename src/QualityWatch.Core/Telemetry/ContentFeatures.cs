namespace QualityWatch.Core.Telemetry;

/// <summary>
/// What QualityWatch keeps of an output text instead of the text itself (PII): enough to see corruption,
/// truncation and format failures, never enough to reconstruct the answer.
/// </summary>
/// <param name="OutputLength">Length in characters (UTF-16 code units).</param>
/// <param name="ScriptCounts">Characters per Unicode script name (Latin, Common, Thai, Han…).</param>
/// <param name="UnexpectedScriptShare">Share of letters outside the expected scripts, 0..1.</param>
/// <param name="JsonValid">Whether the output parsed as JSON, when JSON was requested; null otherwise.</param>
/// <param name="Refusal">Whether the output looks like a refusal.</param>
/// <param name="OutputHash">A hash of the output, so identical answers can be recognised without storing them.</param>
public sealed record ContentFeatures(
    int OutputLength,
    IReadOnlyDictionary<string, int> ScriptCounts,
    double UnexpectedScriptShare,
    bool? JsonValid,
    bool Refusal,
    string OutputHash);
