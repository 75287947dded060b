using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using QualityWatch.Collector.Tests.Support;

namespace QualityWatch.Collector.Tests.Otlp;

/// <summary>The OpenTelemetry .NET SDK's own OTLP exporter sends to a real collector.</summary>
public sealed class DotNetSdkExportTests
{
    [Theory]
    [InlineData(OtlpExportProtocol.HttpProtobuf)]
    [InlineData(OtlpExportProtocol.Grpc)]
    public async Task DotNetSdkExporter_SendsGenAiSpans_TheyAppearInTheSeries(OtlpExportProtocol protocol)
    {
        await using var host = await CollectorHost.StartAsync();
        var sourceName = "qw-test-" + Guid.NewGuid().ToString("N");
        var model = "gpt-dotnet-" + protocol;
        using (var source = new ActivitySource(sourceName))
        using (var provider = Sdk.CreateTracerProviderBuilder()
            .AddSource(sourceName)
            .ConfigureResource(r => r.AddAttributes([new("cloud.region", "us-east-1")]))
            .AddOtlpExporter(options => host.ConfigureExporter(options, protocol))
            .Build())
        {
            for (var i = 0; i < 5; i++)
            {
                using var activity = source.StartActivity("chat " + model, ActivityKind.Client)!;
                activity.SetTag("gen_ai.provider.name", "openai");
                activity.SetTag("gen_ai.operation.name", "chat");
                activity.SetTag("gen_ai.request.model", model);
                activity.SetTag("gen_ai.usage.input_tokens", 100L);
                activity.SetTag("gen_ai.usage.output_tokens", 7L);
                activity.SetTag("gen_ai.response.finish_reasons", new[] { "stop" });
            }

            Assert.True(provider.ForceFlush(10_000));
        }

        var bucket = Assert.Single(await host.BucketsAsync(), b => b.Key.Model == model);
        Assert.Equal("openai", bucket.Key.Provider);
        Assert.Equal("us-east-1", bucket.Key.Labels["region"]);
        Assert.Equal(5, bucket.Count);
        Assert.Equal(500, bucket.InputTokens);
        Assert.Equal(35, bucket.OutputTokens);
        Assert.Equal(5, bucket.FinishReasons["stop"]);
    }
}
