namespace QualityWatch.Storage.Telemetry;

/// <summary>How the telemetry store commits and aggregates. Bound from <c>Storage:Telemetry</c>.</summary>
public sealed class TelemetryStoreOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Storage:Telemetry";

    /// <summary>Days of one-minute buckets kept; 0 keeps everything.</summary>
    public int BucketRetentionDays { get; set; } = 30;

    /// <summary>
    /// Days of stored call content (prompts and completions, by event time) kept; 0 keeps everything. The collector
    /// sets it from <c>collector.content.retention_days</c>.
    /// </summary>
    public int ContentRetentionDays { get; set; } = 7;

    /// <summary>How often the ingest log is folded into buckets.</summary>
    public int AggregationIntervalMilliseconds { get; set; } = 500;

    /// <summary>How often the leader merges bucket parts and applies retention.</summary>
    public int MaintenanceIntervalSeconds { get; set; } = 30;

    /// <summary>Most ingest batches committed in one transaction (group commit).</summary>
    public int MaxBatchesPerCommit { get; set; } = 256;
}
