using QualityWatch.Core.Findings;
using QualityWatch.Core.Telemetry;

namespace QualityWatch.Alerts.Tests.Infrastructure;

/// <summary>Findings as the detection engine raises them.</summary>
internal static class TestFindings
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

    public static SeriesKey Canary(string provider = "openai-prod", string model = "gpt-4o", string suite = "arithmetic") =>
        new(provider, model, "chat", new SortedDictionary<string, string>(StringComparer.Ordinal) { ["suite"] = suite });

    public static Finding QualityDrop(
        DateTimeOffset detectedAt,
        SeriesKey? series = null,
        double baseline = 0.97,
        double current = 0.78,
        double? pValue = 1e-9,
        double? likelihoodRatio = null,
        string unit = "ratio",
        string kind = FindingKinds.QualityRegression,
        params FindingExample[] examples) =>
        new(
            kind,
            "bernoulli-cusum",
            series ?? Canary(),
            new Dictionary<string, string> { ["category"] = "arithmetic" },
            detectedAt,
            detectedAt.AddMinutes(-7),
            "CUSUM S",
            12.5,
            5.0,
            pValue,
            likelihoodRatio,
            new ValueWithInterval(baseline, baseline - 0.02, Math.Min(1, baseline + 0.02), 600, unit),
            new ValueWithInterval(current, current - 0.05, current + 0.05, 120, unit),
            $"pass rate dropped from {baseline:P0} to {current:P0}",
            examples);

    public static FindingExample Example(DateTimeOffset at, string caseId, string expected = "42", string actual = "41") =>
        new(at, caseId, expected, actual, new Dictionary<string, string> { ["latency_ms"] = "830", ["finish_reason"] = "stop" });
}
