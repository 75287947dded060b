using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using QualityWatch.Canaries.Telemetry;

namespace QualityWatch.Cli.Telemetry;

/// <summary>
/// Exports the canary runner's spans (<see cref="CanaryTelemetry.SourceName"/>) for <c>canary run --otlp-endpoint</c>
/// and the demo. The SDK and its exporter live here, in the host: the canary library only starts activities.
/// </summary>
internal static class CanaryTraceExport
{
    /// <summary>
    /// A tracer provider exporting canary spans over OTLP http/protobuf to <paramref name="otlpEndpoint"/> (the
    /// collector's base URL or its <c>/v1/traces</c> URL), with <paramref name="ingestKey"/> as a bearer token.
    /// Dispose it to flush.
    /// </summary>
    public static TracerProvider Start(Uri otlpEndpoint, string? ingestKey)
    {
        ArgumentNullException.ThrowIfNull(otlpEndpoint);
        var tracesUri = otlpEndpoint.AbsolutePath.EndsWith("/v1/traces", StringComparison.Ordinal)
            ? otlpEndpoint
            : new Uri(otlpEndpoint.ToString().TrimEnd('/') + "/v1/traces");
        return Sdk.CreateTracerProviderBuilder()
            .SetResourceBuilder(ResourceBuilder.CreateDefault().AddService("qualitywatch-canaries"))
            .AddSource(CanaryTelemetry.SourceName)
            .AddOtlpExporter(exporter =>
            {
                exporter.Endpoint = tracesUri;
                exporter.Protocol = OtlpExportProtocol.HttpProtobuf;
                if (!string.IsNullOrEmpty(ingestKey))
                {
                    exporter.Headers = $"Authorization=Bearer {ingestKey}";
                }
            })
            .Build()!;
    }
}
