namespace QualityWatch.Core.Alerts;

/// <summary>One failing canary case or call behind an alert, with a line diff of expected vs actual.</summary>
/// <param name="Timestamp">When it happened.</param>
/// <param name="Title">Case id or call description.</param>
/// <param name="Expected">Expected answer, when known.</param>
/// <param name="Actual">Actual answer, when known.</param>
/// <param name="Diff">Unified-style diff of expected vs actual (<c>-</c> expected, <c>+</c> actual, <c>' '</c> same); empty when either is missing.</param>
/// <param name="Attributes">Latency, finish reason, script mix…</param>
public sealed record AlertExample(
    DateTimeOffset Timestamp,
    string Title,
    string? Expected,
    string? Actual,
    IReadOnlyList<string> Diff,
    IReadOnlyDictionary<string, string> Attributes);
