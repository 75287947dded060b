using Microsoft.Extensions.Configuration;
using QualityWatch.Core.Canaries;
using QualityWatch.Core.Findings;
using QualityWatch.Core.Telemetry;

namespace QualityWatch.Cli.Tests.Serve;

/// <summary>What the serve tests share: a canary result, a sink, a configuration for serve's composition.</summary>
internal static class ServeTestData
{
    /// <summary>One passed canary answer of openai/gpt-4o at <paramref name="timestamp"/>.</summary>
    public static CanaryResult CanaryResult(DateTimeOffset timestamp) => new(
        "run-1", 1, timestamp, "openai", "gpt-4o", "smoke", "capital-of-france", "factual", CanaryOutcome.Passed, TimeSpan.FromSeconds(0.4), null, 10, 2, 0m, "stop", null, "Paris", "Paris", [], "fp_a", new Dictionary<string, string>());

    /// <summary>
    /// A configuration for <c>serve</c>'s composition in a test: SQLite at <paramref name="directory"/>/qw.db, the
    /// collector on a free loopback port without gRPC, and <paramref name="settings"/> over that.
    /// </summary>
    public static IConfigurationRoot ServeConfiguration(string directory, IReadOnlyDictionary<string, string?> settings)
    {
        var values = new Dictionary<string, string?>
        {
            ["Storage:Path"] = Path.Combine(directory, "qw.db"),
            ["Collector:ListenAddress"] = "127.0.0.1",
            ["Collector:HttpPort"] = "0",
            ["Collector:GrpcPort"] = "-1",
        };
        foreach (var (key, value) in settings)
        {
            values[key] = value;
        }

        return new ConfigurationBuilder().AddInMemoryCollection(values).Build();
    }

    /// <summary>A sink that takes findings and keeps nothing.</summary>
    public sealed class DiscardingSink : IFindingSink
    {
        public Task PublishAsync(IReadOnlyList<Finding> findings, IReadOnlyList<SeriesKey> healthySeries, DateTimeOffset evaluatedAt, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
