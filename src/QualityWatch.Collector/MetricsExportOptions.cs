namespace QualityWatch.Collector;

/// <summary>
/// Where the product's metrics go besides <c>/metrics</c>: an OTLP endpoint the same instruments are pushed to, so a
/// team without Prometheus gets the GenAI metrics in any OTLP backend. Bound from the <c>metrics</c> section.
/// </summary>
public sealed class MetricsExportOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Metrics";

    /// <summary>
    /// OTLP endpoint to push to (<c>http://otel-collector:4317</c> for gRPC, <c>http://otel-collector:4318</c> for
    /// HTTP, where <c>/v1/metrics</c> is added unless the path already names it); unset pushes nothing.
    /// </summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary><c>grpc</c> (default) or <c>http/protobuf</c>.</summary>
    public string OtlpProtocol { get; set; } = "grpc";

    /// <summary>Seconds between pushes (1–3600).</summary>
    public int ExportIntervalSeconds { get; set; } = 60;

    /// <summary>
    /// Name of an environment variable holding the export's headers as <c>key=value,key2=value2</c> (a backend's API
    /// key, for instance), so the secret stays out of the file.
    /// </summary>
    public string? OtlpHeadersEnv { get; set; }

    /// <summary>Throws naming the first key whose value cannot work.</summary>
    public void Validate()
    {
        if (OtlpEndpoint is { Length: > 0 } endpoint
            && (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)))
        {
            throw new ArgumentException($"otlp_endpoint must be an absolute http(s) URL, not '{endpoint}'", nameof(OtlpEndpoint));
        }

        if (OtlpProtocol is not ("grpc" or "http/protobuf"))
        {
            throw new ArgumentException($"otlp_protocol must be grpc or http/protobuf, not '{OtlpProtocol}'", nameof(OtlpProtocol));
        }

        if (ExportIntervalSeconds is < 1 or > 3600)
        {
            throw new ArgumentOutOfRangeException(nameof(ExportIntervalSeconds), ExportIntervalSeconds, "export_interval_seconds must be between 1 and 3600");
        }
    }
}
