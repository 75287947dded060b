using System.ClientModel;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Trace;
using QualityWatch.Collector.Metrics;
using QualityWatch.Collector.Tests.Support;
using QualityWatch.TestSupport.Metrics;

namespace QualityWatch.Collector.Tests.Producers;

/// <summary>
/// A Microsoft.Extensions.AI 10.11 application (<c>UseOpenTelemetry</c> with sensitive data, the OpenAI adapter) calls
/// the simulated OpenAI endpoint and exports with the OpenTelemetry .NET SDK's OTLP exporter to a real collector.
/// </summary>
[Collection(ProducerCollection.Name)]
public sealed class ExtensionsAiExportTests
{
    // The source UseOpenTelemetry() uses when given none.
    private const string DefaultSource = "Experimental.Microsoft.Extensions.AI";

    [Theory]
    [InlineData(OtlpExportProtocol.HttpProtobuf)]
    [InlineData(OtlpExportProtocol.Grpc)]
    public async Task ExtensionsAiCalls_AreStoredWithNormalisedFinishReasons_TokensAndOutputFeatures(OtlpExportProtocol protocol)
    {
        var healthy = $"meai-healthy-{protocol}";
        var corrupted = $"meai-corrupted-{protocol}";
        var truncated = $"meai-truncated-{protocol}";
        var missing = $"meai-missing-{protocol}";
        await using var simulator = await SimulatedOpenAi.StartAsync([healthy, corrupted, truncated], SimulatedOpenAi.OutputCorruption(corrupted), SimulatedOpenAi.Truncation(truncated));
        await using var host = await CollectorHost.StartAsync();
        var openAi = SimulatedOpenAi.Client(simulator);
        IChatClient ClientFor(string model) => openAi.GetChatClient(model).AsIChatClient()
            .AsBuilder()
            .UseOpenTelemetry(configure: telemetry => telemetry.EnableSensitiveData = true)
            .Build();

        long inputTokens = 0, outputTokens = 0;
        using (var tracing = Sdk.CreateTracerProviderBuilder()
            .AddSource(DefaultSource)
            .AddOtlpExporter(options => host.ConfigureExporter(options, protocol))
            .Build())
        {
            foreach (var prompt in (string[])["Say hello in English.", "Name a colour.", "Explain what a queue is."])
            {
                var response = await ClientFor(healthy).GetResponseAsync(prompt);
                inputTokens += response.Usage!.InputTokenCount!.Value;
                outputTokens += response.Usage!.OutputTokenCount!.Value;
            }

            var updates = new List<ChatResponseUpdate>();
            await foreach (var update in ClientFor(healthy).GetStreamingResponseAsync("Describe a river."))
            {
                updates.Add(update);
            }

            var streamed = updates.ToChatResponse();
            inputTokens += streamed.Usage!.InputTokenCount!.Value;
            outputTokens += streamed.Usage!.OutputTokenCount!.Value;
            for (var i = 0; i < 3; i++)
            {
                await ClientFor(corrupted).GetResponseAsync($"Describe a garden, please ({i}).");
                await ClientFor(truncated).GetResponseAsync($"Describe a city, please ({i}).");
            }

            await Assert.ThrowsAsync<ClientResultException>(() => ClientFor(missing).GetResponseAsync("Hello?"));
            Assert.True(tracing.ForceFlush(10_000));
        }

        var buckets = await host.BucketsAsync();
        Assert.DoesNotContain(buckets, b => b.Key.Provider == "unknown" || b.Key.Model == "unknown");

        var calls = SimulatedOpenAi.Sum(buckets, healthy);
        var series = Assert.Single(calls.Keys);
        Assert.Equal(("openai", healthy, "chat"), (series.Provider, series.Model, series.Operation));
        Assert.Equal(4, calls.Count);
        Assert.Equal(new Dictionary<string, long> { ["stop"] = 4 }, calls.FinishReasons);
        Assert.Equal(inputTokens, calls.InputTokens);
        Assert.Equal(outputTokens, calls.OutputTokens);
        Assert.Equal(4, calls.OutputsAnalysed);
        Assert.Equal(0, calls.OutputsWithUnexpectedScript);

        var corruptedCalls = SimulatedOpenAi.Sum(buckets, corrupted);
        Assert.Equal(3, corruptedCalls.OutputsAnalysed);
        Assert.Equal(3, corruptedCalls.OutputsWithUnexpectedScript);

        // ["length"] arrives as one JSON string; it must count as the truncation it is.
        var truncatedCalls = SimulatedOpenAi.Sum(buckets, truncated);
        Assert.Equal(new Dictionary<string, long> { ["length"] = 3 }, truncatedCalls.FinishReasons);

        // error.type is System.ClientModel.ClientResultException; the status message says HTTP 404.
        Assert.Equal(new Dictionary<string, long> { ["404"] = 1 }, SimulatedOpenAi.Sum(buckets, missing).ErrorsByType);

        // Cache and reasoning token counts (0 from the simulator) are kept as counters, not dropped.
        var exposition = PrometheusExposition.Parse(await host.Http.GetStringAsync(new Uri("/metrics", UriKind.Relative)));
        Assert.Equal(0, exposition.Value("qualitywatch_cache_read_input_tokens_total", ("gen_ai_provider_name", "openai"), ("gen_ai_request_model", healthy), ("region", "")));
        Assert.Equal(0, exposition.Value("qualitywatch_reasoning_output_tokens_total", ("gen_ai_provider_name", "openai"), ("gen_ai_request_model", healthy), ("region", "")));
        Assert.Equal(11, host.Services.GetRequiredService<CollectorMetrics>().SpansTotal("accepted"));
    }
}
