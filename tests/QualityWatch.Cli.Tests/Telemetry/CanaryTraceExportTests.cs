using System.Diagnostics;
using System.Text;
using QualityWatch.Canaries.Telemetry;
using QualityWatch.Cli.Telemetry;

namespace QualityWatch.Cli.Tests.Telemetry;

public sealed class CanaryTraceExportTests
{
    [Fact]
    public async Task Start_ExportsCanarySpansAsOtlpProtobufToV1TracesWithTheIngestKey()
    {
        await using var receiver = await OtlpTraceReceiver.StartAsync();
        var runId = "otlp-" + Guid.NewGuid().ToString("N")[..8];

        using (CanaryTraceExport.Start(receiver.Address, "ingest-key-123"))
        {
            // The source the canary runner's telemetry layer starts its spans on.
            using var source = new ActivitySource(CanaryTelemetry.SourceName);
            using var span = source.StartActivity("chat " + runId, ActivityKind.Client);
            Assert.NotNull(span);
        }

        // Disposing the provider flushed the batch: the span reached /v1/traces under the canaries' service name.
        var export = Assert.Single(receiver.Requests, r => Encoding.UTF8.GetString(r.Body).Contains(runId, StringComparison.Ordinal));
        Assert.Equal("/v1/traces", export.Path);
        Assert.Equal("application/x-protobuf", export.ContentType);
        Assert.Equal("Bearer ingest-key-123", export.Authorization);
        Assert.Contains("qualitywatch-canaries", Encoding.UTF8.GetString(export.Body), StringComparison.Ordinal);
    }
}
