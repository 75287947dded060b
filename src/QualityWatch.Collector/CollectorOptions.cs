using QualityWatch.Collector.Content;

namespace QualityWatch.Collector;

/// <summary>The collector's listeners, limits and series shape. Bound from the <c>collector</c> section.</summary>
public sealed class CollectorOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Collector";

    /// <summary>OTLP/HTTP port (also serves <c>/metrics</c> and health); 0 picks a free port.</summary>
    public int HttpPort { get; set; } = 4318;

    /// <summary>OTLP/gRPC port (HTTP/2 cleartext only); 0 picks a free port, -1 disables gRPC.</summary>
    public int GrpcPort { get; set; } = 4317;

    /// <summary>Address to listen on: <c>0.0.0.0</c> for every interface, <c>127.0.0.1</c> for loopback only.</summary>
    public string ListenAddress { get; set; } = "0.0.0.0";

    /// <summary>Request and span limits.</summary>
    public CollectorLimits Limits { get; set; } = new();

    /// <summary>
    /// Extra series labels: label name → span or resource attribute (for example <c>region: cloud.region</c>).
    /// Each becomes part of the series key and a Prometheus label.
    /// </summary>
    public Dictionary<string, string> ExtraLabels { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Most distinct series; later new series are counted in the <c>other</c> series.</summary>
    public int CardinalityLimit { get; set; } = 2000;

    /// <summary>
    /// How often (seconds) a collector on PostgreSQL learns the series other replicas admitted, so the replicas
    /// together stay near <see cref="CardinalityLimit"/>; 0 disables. SQLite has one writer and never needs it.
    /// </summary>
    public int CardinalityRefreshSeconds { get; set; } = 30;

    /// <summary>Opt-in storage of prompt and completion content (off by default).</summary>
    public CallContentOptions Content { get; set; } = new();

    /// <summary>Scripts an output may use without counting as unexpected (Common and Inherited always may).</summary>
    public List<string> ExpectedScripts { get; set; } = ["Latin"];

    /// <summary>Configured availability targets, exported as <c>qualitywatch_provider_slo_target</c>.</summary>
    public List<ProviderSloTarget> SloTargets { get; set; } = [];
}
