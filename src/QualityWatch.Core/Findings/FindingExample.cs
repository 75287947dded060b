namespace QualityWatch.Core.Findings;

/// <summary>
/// One example behind a finding: a failing canary case (expected vs actual) or a call (latency, finish
/// reason, script mix) — whatever lets a reviewer see the failure with their own eyes.
/// </summary>
public sealed record FindingExample(
    DateTimeOffset Timestamp,
    string Title,
    string? Expected,
    string? Actual,
    IReadOnlyDictionary<string, string> Attributes);
