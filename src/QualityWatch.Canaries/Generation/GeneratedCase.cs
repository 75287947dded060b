namespace QualityWatch.Canaries.Generation;

/// <summary>
/// One generated case. <see cref="Expect"/> maps assertion names to values (string, number, list or nested map);
/// <see cref="Reference"/> is computed by the same code as the expectation.
/// </summary>
public sealed record GeneratedCase(
    string Id,
    string Prompt,
    IReadOnlyList<KeyValuePair<string, object>> Expect,
    string Reference,
    IReadOnlyList<string> Tags,
    int? Repeat = null,
    IReadOnlyDictionary<string, object>? Options = null,
    IReadOnlyDictionary<string, object>? Generate = null,
    string? System = null);
