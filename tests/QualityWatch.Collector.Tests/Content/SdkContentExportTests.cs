using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Trace;
using QualityWatch.Collector.Tests.Support;

namespace QualityWatch.Collector.Tests.Content;

/// <summary>The OpenTelemetry .NET SDK exports a chat span with its messages; the content is read back by the span's ids.</summary>
public sealed class SdkContentExportTests
{
    private const string AdminKey = "admin-key-for-sdk-content-3b8f";

    [Theory]
    [InlineData(OtlpExportProtocol.HttpProtobuf)]
    [InlineData(OtlpExportProtocol.Grpc)]
    public async Task DotNetSdkExporter_ChatSpanWithMessages_ContentIsReadableByTraceAndSpanId(OtlpExportProtocol protocol)
    {
        await using var host = await CollectorHost.StartAsync(new Dictionary<string, string?>
        {
            ["Collector:Content:Store"] = "true",
            ["Security:AdminKeys:0"] = AdminKey,
        });
        var sourceName = "qw-content-" + Guid.NewGuid().ToString("N");
        string traceId, spanId;
        using (var source = new ActivitySource(sourceName))
        using (var provider = Sdk.CreateTracerProviderBuilder()
            .AddSource(sourceName)
            .AddOtlpExporter(options => host.ConfigureExporter(options, protocol))
            .Build())
        {
            using (var activity = source.StartActivity("chat gpt-4o", ActivityKind.Client)!)
            {
                activity.SetTag("gen_ai.provider.name", "openai");
                activity.SetTag("gen_ai.operation.name", "chat");
                activity.SetTag("gen_ai.request.model", "gpt-4o");
                activity.SetTag("gen_ai.input.messages", """[{"role":"user","parts":[{"type":"text","content":"Wie heißt die Hauptstadt von Österreich?"}]}]""");
                activity.SetTag("gen_ai.output.messages", """[{"role":"assistant","parts":[{"type":"text","content":"Wien."}],"finish_reason":"stop"}]""");
                traceId = activity.TraceId.ToHexString();
                spanId = activity.SpanId.ToHexString();
            }

            Assert.True(provider.ForceFlush(10_000));
        }

        using var read = new HttpClient { BaseAddress = host.Http.BaseAddress };
        read.DefaultRequestHeaders.Add("x-api-key", AdminKey);
        var content = await read.GetFromJsonAsync<JsonElement>($"/api/calls/{traceId}/{spanId}/content");
        Assert.Equal("Wie heißt die Hauptstadt von Österreich?", content.GetProperty("input")[0].GetProperty("text").GetString());
        Assert.Equal("Wien.", content.GetProperty("output")[0].GetProperty("text").GetString());
        Assert.Equal("assistant", content.GetProperty("output")[0].GetProperty("role").GetString());
    }
}
