using QualityWatch.Core.Canaries;
using QualityWatch.Core.Telemetry;

namespace QualityWatch.Detection.Tests.Engine;

internal static class EngineFixtures
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    public static SeriesBucket Bucket(
        SeriesKey key,
        int minute,
        long count = 100,
        long errors = 0,
        double? p50 = 0.5,
        long analysed = 0,
        long unexpected = 0,
        IReadOnlyDictionary<string, long>? finish = null,
        double? ttft = null,
        double outputTokensPerCall = 50) => new(
        key,
        T0.AddMinutes(minute),
        count,
        errors,
        errors > 0 ? new Dictionary<string, long> { ["503"] = errors } : new Dictionary<string, long>(),
        p50,
        p50 * 2,
        ttft,
        count * 100,
        (long)Math.Round((count - errors) * outputTokensPerCall),
        0m,
        finish ?? new Dictionary<string, long>(),
        new Dictionary<string, long> { ["Latin"] = analysed * 100, ["Thai"] = unexpected * 3 },
        unexpected,
        analysed,
        analysed > 0 ? 300 : null,
        0,
        0);

    public static CanaryResult Result(int round, string caseId, bool passed, string category = "math", string provider = "openai-prod", string model = "gpt-x", string? answer = null, string? fingerprint = "fp_a", double latencySeconds = 0.5, string region = "eu") => new(
        "run-1",
        round,
        T0.AddMinutes(round).AddSeconds(caseId.Length),
        provider,
        model,
        "smoke",
        caseId,
        category,
        passed ? CanaryOutcome.Passed : CanaryOutcome.Failed,
        TimeSpan.FromSeconds(latencySeconds),
        null,
        10,
        5,
        0m,
        "stop",
        null,
        "42",
        answer ?? (passed ? "42" : "41"),
        passed ? [] : ["expected 42"],
        fingerprint,
        new Dictionary<string, string> { ["region"] = region });
}
