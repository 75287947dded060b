using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace QualityWatch.Canaries.Telemetry;

/// <summary>The canary runner's traces: one GenAI client span per call, with its score as an evaluation event.</summary>
public static class CanaryTelemetry
{
    /// <summary>Name of the <see cref="ActivitySource"/> canary spans come from.</summary>
    public const string SourceName = "QualityWatch.Canaries";

    /// <summary>The source canary spans are started on.</summary>
    public static ActivitySource Source { get; } = new(SourceName, "1.0.0");

    /// <summary>
    /// A tracer provider exporting canary spans over OTLP http/protobuf to <paramref name="otlpEndpoint"/> (the
    /// collector's base URL or its <c>/v1/traces</c> URL), with <paramref name="ingestKey"/> as a bearer token.
    /// Dispose it to flush.
    /// </summary>
    public static TracerProvider CreateTracerProvider(Uri otlpEndpoint, string? ingestKey)
    {
        ArgumentNullException.ThrowIfNull(otlpEndpoint);
        var tracesUri = otlpEndpoint.AbsolutePath.EndsWith("/v1/traces", StringComparison.Ordinal)
            ? otlpEndpoint
            : new Uri(otlpEndpoint.ToString().TrimEnd('/') + "/v1/traces");
        return Sdk.CreateTracerProviderBuilder()
            .SetResourceBuilder(ResourceBuilder.CreateDefault().AddService("qualitywatch-canaries"))
            .AddSource(SourceName)
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
