using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace QualityWatch.Dashboards.Tests.Support;

/// <summary>
/// The test's own OpenTelemetry SDK exporter, as an instrumented application has: the canary and simulator libraries
/// only start activities, and whoever hosts them exports.
/// </summary>
internal static class OtlpExport
{
    /// <summary>Exports spans of <paramref name="sourceName"/> over OTLP http/protobuf to the collector's
    /// <c>/v1/traces</c> with <paramref name="ingestKey"/> as a bearer token. Dispose to flush.</summary>
    public static TracerProvider Start(string sourceName, string serviceName, Uri collector, string ingestKey) =>
        Sdk.CreateTracerProviderBuilder()
            .SetResourceBuilder(ResourceBuilder.CreateEmpty().AddService(serviceName))
            .AddSource(sourceName)
            .AddOtlpExporter(otlp =>
            {
                otlp.Endpoint = new Uri(collector, "/v1/traces");
                otlp.Protocol = OtlpExportProtocol.HttpProtobuf;
                otlp.Headers = "Authorization=Bearer " + ingestKey;
                otlp.ExportProcessorType = ExportProcessorType.Batch;
                // Twice what SyntheticTraffic produces between flushes: a full queue silently drops spans.
                otlp.BatchExportProcessorOptions = new BatchExportProcessorOptions<Activity>
                {
                    MaxQueueSize = 4000,
                    MaxExportBatchSize = 512,
                    ScheduledDelayMilliseconds = 250,
                };
            })
            .Build();
}
