namespace QualityWatch.Dashboards.Tests;

/// <summary>
/// The Prometheus metric catalogue QualityWatch's collector exposes (the shared contract in the project brief).
/// Dashboards and rules may use these series, recording rules from the shipped rule file, and <c>ALERTS</c>.
/// </summary>
internal static class MetricCatalogue
{
    public static readonly IReadOnlyList<string> Histograms =
    [
        "gen_ai_client_operation_duration_seconds",
        "gen_ai_client_operation_time_to_first_chunk_seconds",
        "gen_ai_client_token_usage",
    ];

    public static readonly IReadOnlyList<string> Counters =
    [
        "qualitywatch_cost_usd_total",
        "qualitywatch_finish_reasons_total",
        "qualitywatch_outputs_analysed_total",
        "qualitywatch_outputs_unexpected_script_total",
        "qualitywatch_canary_results_total",
        "qualitywatch_canary_fingerprint_changes_total",
        "qualitywatch_ingest_spans_total",
        "qualitywatch_ingest_requests_rejected_total",
        "qualitywatch_series_overflow_total",
        "dotnet_process_cpu_time_seconds_total",
    ];

    public static readonly IReadOnlyList<string> Gauges =
    [
        "qualitywatch_canary_pass_ratio",
        "qualitywatch_anomaly_score",
        "qualitywatch_alerts_active",
        "qualitywatch_provider_slo_target",
        "qualitywatch_ingest_queue_depth",
        "dotnet_process_memory_working_set_bytes",
    ];

    /// <summary>Series Prometheus itself creates for alerting rules.</summary>
    public static readonly IReadOnlyList<string> PrometheusBuiltIns = ["ALERTS"];

    /// <summary>Every series name a query may select: histograms as their _bucket, _sum and _count series.</summary>
    public static IReadOnlySet<string> SeriesNames { get; } =
        Histograms.SelectMany(h => new[] { h + "_bucket", h + "_sum", h + "_count" })
            .Concat(Counters).Concat(Gauges)
            .ToHashSet(StringComparer.Ordinal);
}
