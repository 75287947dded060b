namespace QualityWatch.Collector.Security;

/// <summary>Who may send telemetry and who may administer. Bound from the <c>security</c> section.</summary>
public sealed class SecurityOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Security";

    /// <summary>Ingest keys given literally (prefer the environment or a file).</summary>
    public List<string> IngestKeys { get; set; } = [];

    /// <summary>Environment variables holding ingest keys (comma-separated lists allowed).</summary>
    public List<string> IngestKeysEnv { get; set; } = [];

    /// <summary>Files with one ingest key per line.</summary>
    public List<string> IngestKeysFile { get; set; } = [];

    /// <summary>Admin keys given literally.</summary>
    public List<string> AdminKeys { get; set; } = [];

    /// <summary>Environment variables holding admin keys.</summary>
    public List<string> AdminKeysEnv { get; set; } = [];

    /// <summary>Files with one admin key per line.</summary>
    public List<string> AdminKeysFile { get; set; } = [];

    /// <summary>When true, <c>/metrics</c> needs an ingest or admin key too.</summary>
    public bool ProtectMetrics { get; set; }
}
