namespace QualityWatch.Storage.Telemetry;

/// <summary>What a call's output text adds to its series-minute: its length and its characters by Unicode script.</summary>
/// <param name="Length">Output length in UTF-16 characters.</param>
/// <param name="ScriptCounts">Characters per Unicode script.</param>
/// <param name="UnexpectedScriptShare">Share of characters outside the expected scripts.</param>
public readonly record struct OutputFigures(int Length, IReadOnlyDictionary<string, int> ScriptCounts, double UnexpectedScriptShare);
