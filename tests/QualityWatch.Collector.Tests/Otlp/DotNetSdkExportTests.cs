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

    [Theory]
    [InlineData(OtlpExportProtocol.HttpProtobuf, false)]
    [InlineData(OtlpExportProtocol.Grpc, false)]
    [InlineData(OtlpExportProtocol.HttpProtobuf, true)]
    public async Task EachMinute_KeepsItsSlowestCall_WithTheIdsTheSdkGaveItsSpan(OtlpExportProtocol protocol, bool contentStored)
    {
        // With content stored, spans go through the full mapping rather than the aggregating fast path: both keep ids.
        await using var host = await CollectorHost.StartAsync(contentStored ? new Dictionary<string, string?> { ["Collector:Content:Store"] = "true" } : null);
        var sourceName = "qw-test-" + Guid.NewGuid().ToString("N");
        var model = $"gpt-slowest-{protocol}-{contentStored}";
        var minute = new DateTimeOffset(DateTime.UtcNow.Date.AddHours(DateTime.UtcNow.Hour), TimeSpan.Zero).AddMinutes(-30);
        string? slowestTrace = null, slowestSpan = null;
        using (var source = new ActivitySource(sourceName))
        using (var provider = Sdk.CreateTracerProviderBuilder()
            .AddSource(sourceName)
            .AddOtlpExporter(options => host.ConfigureExporter(options, protocol))
            .Build())
        {
            foreach (var seconds in new[] { 0.4, 3.25, 1.1 })
            {
                using var activity = source.StartActivity("chat " + model, ActivityKind.Client, parentContext: default, startTime: minute.AddSeconds(5))!;
                activity.SetTag("gen_ai.provider.name", "openai");
                activity.SetTag("gen_ai.operation.name", "chat");
                activity.SetTag("gen_ai.request.model", model);
                activity.SetEndTime(minute.AddSeconds(5 + seconds).UtcDateTime);
                if (seconds == 3.25)
                {
                    (slowestTrace, slowestSpan) = (activity.TraceId.ToHexString(), activity.SpanId.ToHexString());
                }
            }

            Assert.True(provider.ForceFlush(10_000));
        }

        var bucket = Assert.Single(await host.BucketsAsync(), b => b.Key.Model == model);
        Assert.Equal(3, bucket.Count);
        Assert.NotNull(bucket.Slowest);
        Assert.Equal(3.25, bucket.Slowest.DurationSeconds, 3);
        Assert.Equal(slowestTrace, bucket.Slowest.Call.TraceIdHex);
        Assert.Equal(slowestSpan, bucket.Slowest.Call.SpanIdHex);
    }
}
