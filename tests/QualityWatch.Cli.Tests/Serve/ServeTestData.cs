using QualityWatch.Core.Canaries;
using QualityWatch.Core.Findings;
using QualityWatch.Core.Telemetry;

namespace QualityWatch.Cli.Tests.Serve;

/// <summary>What the detection-pass and detection-loop tests feed <c>serve</c>'s detection: a canary result, a sink.</summary>
internal static class ServeTestData
{
    /// <summary>One passed canary answer of openai/gpt-4o at <paramref name="timestamp"/>.</summary>
    public static CanaryResult CanaryResult(DateTimeOffset timestamp) => new(
        "run-1", 1, timestamp, "openai", "gpt-4o", "smoke", "capital-of-france", "factual", CanaryOutcome.Passed, TimeSpan.FromSeconds(0.4), null, 10, 2, 0m, "stop", null, "Paris", "Paris", [], "fp_a", new Dictionary<string, string>());

    /// <summary>A sink that takes findings and keeps nothing.</summary>
    public sealed class DiscardingSink : IFindingSink
    {
        public Task PublishAsync(IReadOnlyList<Finding> findings, IReadOnlyList<SeriesKey> healthySeries, DateTimeOffset evaluatedAt, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
