using Microsoft.Extensions.Time.Testing;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Trace;
using QualityWatch.Canaries.Running;
using QualityWatch.Canaries.Suites;
using QualityWatch.Canaries.Telemetry;
using QualityWatch.Canaries.Tests.TestSupport;
using QualityWatch.Simulator.Timing;
using QualityWatch.TestSupport.Collector;

namespace QualityWatch.Canaries.Tests.Telemetry;

/// <summary>
/// The runner against the real simulator, its spans exported by the OpenTelemetry SDK's OTLP exporter (as
/// <c>canary run --otlp-endpoint</c> and the demo export them) to a real collector on Kestrel.
/// </summary>
public sealed class CanaryOtlpExportTests
{
    private static readonly DateTimeOffset Start = new(2026, 4, 1, 8, 30, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task CanaryCalls_AreStoredOnceEachInTheirSuitesSeries_InTheMinuteOfTheRunnersClock(bool streaming)
    {
        var suite = RightAndWrongSuite.Named("exported");
        // Other tests' canary spans reach this collector too: this test's providers have names of their own.
        var id = Guid.NewGuid().ToString("N")[..8];
        string healthyName = "export-ok-" + id, downName = "export-down-" + id, brokeName = "export-broke-" + id;
        await using var host = await SimulatedProviders.StartAsync(new SuiteAnswerBook([suite!]));
        await using var down = await SimulatedProviders.StartAsync(new SuiteAnswerBook([suite!]), 1, SimulatedProviders.ErrorBurst());
        await using var collector = await CollectorHost.StartAsync();
        var runner = new CanaryRunner(new CanaryRunnerOptions
        {
            Suites = [suite!],
            Targets =
            [
                SimulatedProviders.Target("openai", host, healthyName),
                SimulatedProviders.Target("openai", down, downName),
                SimulatedProviders.Target("openai", host, brokeName, o => o.DailyTokenBudget = 10),
            ],
            TimeProvider = new FakeTimeProvider(Start),
            CallTimer = new SimulatedCallTimer(0.001),
            Streaming = streaming,
        });

        IReadOnlyList<QualityWatch.Core.Canaries.CanaryResult> results;
        using (var tracing = Sdk.CreateTracerProviderBuilder()
            .AddSource(CanaryTelemetry.SourceName)
            .AddOtlpExporter(options => collector.ConfigureExporter(options, OtlpExportProtocol.HttpProtobuf))
            .Build())
        {
            results = await runner.RunRoundAsync(1, CancellationToken.None);
            Assert.True(tracing.ForceFlush(10_000));
        }

        var buckets = await collector.BucketsAsync();
        var answered = results.Where(r => r.Provider == healthyName).ToList();
        var healthy = Assert.Single(buckets, b => b.Key.Provider == healthyName);
        Assert.Equal((SimulatedProviders.Model, "chat", "exported"), (healthy.Key.Model, healthy.Key.Operation, healthy.Key.Labels["suite"]));
        Assert.Equal(Start, healthy.Start);
        Assert.Equal(2, healthy.Count);
        Assert.Equal((1L, 2L), (healthy.QualityPassed, healthy.QualityTotal));
        Assert.Equal(answered.Sum(r => r.InputTokens!.Value), healthy.InputTokens);
        Assert.Equal(answered.Sum(r => r.OutputTokens!.Value), healthy.OutputTokens);
        Assert.Equal((double)answered.Sum(r => r.Cost), (double)healthy.Cost, 9);
        Assert.Equal(new Dictionary<string, long> { ["stop"] = 2 }, healthy.FinishReasons);

        // The runner's (simulated) latency, not the wall clock's milliseconds; no time to first chunk and no output
        // features from canary spans, as before.
        Assert.InRange(healthy.LatencyP50Seconds!.Value, answered.Min(r => r.Latency.TotalSeconds) * 0.5, answered.Max(r => r.Latency.TotalSeconds) * 2);
        Assert.Null(healthy.TimeToFirstTokenP50Seconds);
        Assert.Equal(0, healthy.OutputsAnalysed);

        var unavailable = Assert.Single(buckets, b => b.Key.Provider == downName);
        Assert.Equal(2, unavailable.Count);
        // The bounded types the results have (an HTTP status, a transport failure…), not the exception's name.
        var errorTypes = results.Where(r => r.Provider == downName).GroupBy(r => r.ErrorType!).ToDictionary(g => g.Key, g => (long)g.Count());
        Assert.Equal(errorTypes, unavailable.ErrorsByType);
        Assert.DoesNotContain(errorTypes.Keys, type => type.Contains("Exception", StringComparison.Ordinal));
        Assert.Equal((0L, 0L), (unavailable.QualityPassed, unavailable.QualityTotal));

        Assert.DoesNotContain(results, r => r.Provider == brokeName);
        Assert.DoesNotContain(buckets, b => b.Key.Provider == brokeName);
    }
}
