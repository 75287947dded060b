namespace QualityWatch.Cli.Canaries;

/// <summary>The <c>canaries</c> keys that <c>canary run</c> and <c>gate</c> read beside the schedule
/// (<see cref="QualityWatch.Canaries.Scheduling.CanarySchedulerOptions"/>) and the suite list.</summary>
internal sealed class CanaryRunSettings
{
    /// <summary>Stream answers, which measures time to first token.</summary>
    public bool Streaming { get; set; } = true;

    /// <summary>Measured latency is divided by this (0.001 when a simulator compresses time 1000×).</summary>
    public double LatencyScale { get; set; } = 1;

    /// <summary>Optional OTLP/HTTP endpoint the runner exports its canary spans to.</summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary>Environment variable holding the ingest key sent with those spans.</summary>
    public string? OtlpIngestKeyEnv { get; set; }
}
