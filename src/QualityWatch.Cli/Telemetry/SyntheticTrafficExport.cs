using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using QualityWatch.Simulator;

namespace QualityWatch.Cli.Telemetry;

/// <summary>
/// Sends the simulator's synthetic traffic to a collector over OTLP http/protobuf, as an instrumented application
/// would. The SDK and its exporter live here, in the host: the simulator library only starts activities.
/// </summary>
internal static class SyntheticTrafficExport
{
    /// <summary>Exports the calls of [<paramref name="from"/>, <paramref name="to"/>) to an OTLP/HTTP traces endpoint
    /// (a URL without a path gets <c>/v1/traces</c>), with <c>Authorization: Bearer {ingestKey}</c> when a key is given.
    /// Returns the number of spans produced.</summary>
    public static async Task<int> EmitAsync(SyntheticTraffic traffic, Uri otlpEndpoint, string? ingestKey, DateTimeOffset from, DateTimeOffset to, int callsPerMinute, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(traffic);
        ArgumentNullException.ThrowIfNull(otlpEndpoint);
        var endpoint = otlpEndpoint.AbsolutePath is "" or "/" ? new Uri(otlpEndpoint, "/v1/traces") : otlpEndpoint;
        using var tracerProvider = Sdk.CreateTracerProviderBuilder()
            .SetResourceBuilder(ResourceBuilder.CreateEmpty().AddService(traffic.ServiceName))
            .AddSource(traffic.SourceName)
            .AddOtlpExporter(otlp =>
            {
                otlp.Endpoint = endpoint;
                otlp.Protocol = OtlpExportProtocol.HttpProtobuf;
                otlp.Headers = string.IsNullOrEmpty(ingestKey) ? null : "Authorization=Bearer " + ingestKey;
                otlp.ExportProcessorType = ExportProcessorType.Batch;
                otlp.BatchExportProcessorOptions = new BatchExportProcessorOptions<Activity>
                {
                    MaxQueueSize = SyntheticTraffic.FlushEvery * 2,
                    MaxExportBatchSize = 512,
                    ScheduledDelayMilliseconds = 250,
                };
            })
            .Build();
        return await traffic.ProduceAsync(from, to, callsPerMinute, flush => Task.Run(() => tracerProvider.ForceFlush(30_000), flush), ct).ConfigureAwait(false);
    }
}
