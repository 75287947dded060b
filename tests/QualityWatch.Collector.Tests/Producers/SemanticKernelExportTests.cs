using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel;
using OpenAI.Chat;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Trace;
using QualityWatch.Collector.Metrics;
using QualityWatch.Collector.Tests.Support;

namespace QualityWatch.Collector.Tests.Producers;

/// <summary>
/// A Semantic Kernel 1.82 application (OpenAI connector, GenAI diagnostics with sensitive data on) calls the simulated
/// OpenAI endpoint and exports with the OpenTelemetry .NET SDK's OTLP exporter to a real collector.
/// </summary>
[Collection(ProducerCollection.Name)]
public sealed class SemanticKernelExportTests
{
    static SemanticKernelExportTests()
    {
        // Semantic Kernel reads these switches once: they must be set before its first model call. The sensitive one
        // adds the prompt and completion events, which the output features need.
        AppContext.SetSwitch("Microsoft.SemanticKernel.Experimental.GenAI.EnableOTelDiagnostics", true);
        AppContext.SetSwitch("Microsoft.SemanticKernel.Experimental.GenAI.EnableOTelDiagnosticsSensitive", true);
    }

    [Theory]
    [InlineData(OtlpExportProtocol.HttpProtobuf)]
    [InlineData(OtlpExportProtocol.Grpc)]
    public async Task SemanticKernelCalls_AreStoredAsTheirProviderAndModel_WithFinishReasonsTokensAndOutputFeatures(OtlpExportProtocol protocol)
    {
        var healthy = $"sk-healthy-{protocol}";
        var corrupted = $"sk-corrupted-{protocol}";
        var truncated = $"sk-truncated-{protocol}";
        var missing = $"sk-missing-{protocol}";
        await using var simulator = await SimulatedOpenAi.StartAsync([healthy, corrupted, truncated], SimulatedOpenAi.OutputCorruption(corrupted), SimulatedOpenAi.Truncation(truncated));
        await using var host = await CollectorHost.StartAsync(new Dictionary<string, string?> { ["Collector:ExtraLabels:server"] = "server.address" });
        var endpoint = new Uri(simulator.BaseUrl, "v1");
        Kernel KernelFor(string model)
        {
            var kernel = Kernel.CreateBuilder().AddOpenAIChatCompletion(model, endpoint, apiKey: "sk-test").Build();
            kernel.Plugins.AddFromFunctions("clock", [KernelFunctionFactory.CreateFromMethod(() => "12:00", "now")]);
            return kernel;
        }

        long inputTokens = 0, outputTokens = 0;
        using (var tracing = Sdk.CreateTracerProviderBuilder()
            .AddSource("Microsoft.SemanticKernel*")
            .AddOtlpExporter(options => host.ConfigureExporter(options, protocol))
            .Build())
        {
            foreach (var prompt in (string[])["Say hello in English.", "Name a colour.", "Explain what a queue is."])
            {
                var result = await KernelFor(healthy).InvokePromptAsync(prompt);
                var usage = (ChatTokenUsage)result.Metadata!["Usage"]!;
                inputTokens += usage.InputTokenCount;
                outputTokens += usage.OutputTokenCount;
            }

            // Streaming: Semantic Kernel reports neither usage nor a finish reason ("N/A"), but the text.
            await foreach (var chunk in KernelFor(healthy).InvokePromptStreamingAsync("Describe a river."))
            {
                Assert.NotNull(chunk);
            }

            await KernelFor(healthy).InvokeAsync("clock", "now");
            for (var i = 0; i < 3; i++)
            {
                await KernelFor(corrupted).InvokePromptAsync($"Describe a garden, please ({i}).");
                await KernelFor(truncated).InvokePromptAsync($"Describe a city, please ({i}).");
            }

            await Assert.ThrowsAsync<HttpOperationException>(() => KernelFor(missing).InvokePromptAsync("Hello?"));
            Assert.True(tracing.ForceFlush(10_000));
        }

        var buckets = await host.BucketsAsync();
        Assert.DoesNotContain(buckets, b => b.Key.Operation == "execute_tool" || b.Key.Provider == "unknown" || b.Key.Model == "unknown");

        var calls = SimulatedOpenAi.Sum(buckets, healthy);
        var series = Assert.Single(calls.Keys);
        Assert.Equal(("openai", healthy, "chat"), (series.Provider, series.Model, series.Operation));
        // Semantic Kernel sends its endpoint URL as server.address; the label is its host.
        Assert.Equal("127.0.0.1", series.Labels["server"]);
        Assert.Equal(4, calls.Count);
        Assert.Equal(new Dictionary<string, long> { ["stop"] = 3 }, calls.FinishReasons);
        Assert.Equal(inputTokens, calls.InputTokens);
        Assert.Equal(outputTokens, calls.OutputTokens);
        Assert.Equal(4, calls.OutputsAnalysed);
        Assert.Equal(0, calls.OutputsWithUnexpectedScript);

        var corruptedCalls = SimulatedOpenAi.Sum(buckets, corrupted);
        Assert.Equal(3, corruptedCalls.OutputsAnalysed);
        Assert.Equal(3, corruptedCalls.OutputsWithUnexpectedScript);

        var truncatedCalls = SimulatedOpenAi.Sum(buckets, truncated);
        Assert.Equal(new Dictionary<string, long> { ["length"] = 3 }, truncatedCalls.FinishReasons);

        // The exception name Semantic Kernel records becomes the HTTP status of the failed call.
        Assert.Equal(new Dictionary<string, long> { ["404"] = 1 }, SimulatedOpenAi.Sum(buckets, missing).ErrorsByType);

        // One execute_tool span per invoked function (each prompt is one): tool executions, not LLM calls.
        var metrics = host.Services.GetRequiredService<CollectorMetrics>();
        Assert.Equal(12, metrics.SpansTotal("tool"));
        Assert.Equal(11, metrics.SpansTotal("accepted"));
    }
}
