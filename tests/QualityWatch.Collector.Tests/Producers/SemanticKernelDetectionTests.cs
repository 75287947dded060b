using Microsoft.SemanticKernel;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Trace;
using QualityWatch.Collector.Tests.Support;
using QualityWatch.Core.Findings;
using QualityWatch.Core.Telemetry;
using QualityWatch.Detection.Engine;

namespace QualityWatch.Collector.Tests.Producers;

/// <summary>
/// From a Semantic Kernel application to a finding: the simulator corrupts one model's answers (stray Thai or
/// Chinese), Semantic Kernel's spans carry the output text, the collector stores its features, and the detection
/// engine, run over the stored buckets, raises an output-corruption finding on that model.
/// </summary>
[Collection(ProducerCollection.Name)]
public sealed class SemanticKernelDetectionTests
{
    static SemanticKernelDetectionTests()
    {
        AppContext.SetSwitch("Microsoft.SemanticKernel.Experimental.GenAI.EnableOTelDiagnostics", true);
        AppContext.SetSwitch("Microsoft.SemanticKernel.Experimental.GenAI.EnableOTelDiagnosticsSensitive", true);
    }

    [Fact]
    public async Task InjectedOutputCorruption_RaisesAnOutputCorruptionFindingOnThatModel()
    {
        const string model = "sk-detected";
        var healthy = await StoredBucketsAsync(model, calls: 60, corrupted: false);
        var corrupted = await StoredBucketsAsync(model, calls: 20, corrupted: true);
        Assert.Equal(60, healthy.Sum(b => b.OutputsAnalysed));
        Assert.Equal(20, corrupted.Sum(b => b.OutputsWithUnexpectedScript));

        // Each phase ran within a minute or two; the engine needs history, so the healthy phase is placed in the
        // minutes before the corrupted one, as if the corruption began after a healthy period.
        var now = BucketMinute(DateTimeOffset.UtcNow);
        var engine = new DetectionEngine(new DetectionEngineOptions { RecentWindowBuckets = 2, BaselineWindowBuckets = 2 });
        var timeline = new List<SeriesBucket> { Merge(healthy) with { Start = now.AddMinutes(-3) }, Merge(corrupted) with { Start = now.AddMinutes(-2) }, Merge(corrupted) with { Start = now.AddMinutes(-1) } };

        var result = engine.Process(timeline, [], now);

        var finding = Assert.Single(result.Findings, f => f.Kind == FindingKinds.OutputCorruption);
        Assert.Equal(("openai", model), (finding.Series.Provider, finding.Series.Model));
        Assert.DoesNotContain(result.HealthySeries, s => s.Model == model);
    }

    private static async Task<IReadOnlyList<SeriesBucket>> StoredBucketsAsync(string model, int calls, bool corrupted)
    {
        await using var simulator = corrupted ? await SimulatedOpenAi.StartAsync([model], SimulatedOpenAi.OutputCorruption(model)) : await SimulatedOpenAi.StartAsync([model]);
        await using var host = await CollectorHost.StartAsync();
        var kernel = Kernel.CreateBuilder().AddOpenAIChatCompletion(model, new Uri(simulator.BaseUrl, "v1"), apiKey: "sk-test").Build();
        using (var tracing = Sdk.CreateTracerProviderBuilder()
            .AddSource("Microsoft.SemanticKernel*")
            .AddOtlpExporter(options => host.ConfigureExporter(options, OtlpExportProtocol.HttpProtobuf))
            .Build())
        {
            for (var i = 0; i < calls; i++)
            {
                await kernel.InvokePromptAsync($"Describe a garden in English, please ({i}).");
            }

            Assert.True(tracing.ForceFlush(10_000));
        }

        return [.. (await host.BucketsAsync()).Where(b => b.Key.Model == model)];
    }

    /// <summary>A phase's buckets (it may straddle a minute) as one bucket of its series.</summary>
    private static SeriesBucket Merge(IReadOnlyList<SeriesBucket> buckets)
    {
        var first = buckets[0];
        return first with
        {
            Count = buckets.Sum(b => b.Count),
            OutputsAnalysed = buckets.Sum(b => b.OutputsAnalysed),
            OutputsWithUnexpectedScript = buckets.Sum(b => b.OutputsWithUnexpectedScript),
            InputTokens = buckets.Sum(b => b.InputTokens),
            OutputTokens = buckets.Sum(b => b.OutputTokens),
        };
    }

    private static DateTimeOffset BucketMinute(DateTimeOffset at) => new(at.Year, at.Month, at.Day, at.Hour, at.Minute, 0, TimeSpan.Zero);
}
