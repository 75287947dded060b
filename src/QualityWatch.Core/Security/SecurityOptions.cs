namespace QualityWatch.Core.Security;

/// <summary>
/// Who may send telemetry and who may administer. Bound from the <c>security</c> section, which the collector (ingest
/// keys, <c>/metrics</c>) and the alerts (admin keys) both read: one class, so the section has one shape.
/// </summary>
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

    /// <summary>Admin keys given literally (prefer the environment or a file); without any admin key, alert changes are refused.</summary>
    public List<string> AdminKeys { get; set; } = [];

    /// <summary>Environment variables, each holding an admin key or a comma-separated list of keys.</summary>
    public List<string> AdminKeysEnv { get; set; } = [];

    /// <summary>Files with one admin key per line.</summary>
    public List<string> AdminKeysFile { get; set; } = [];

    /// <summary>When true, <c>/metrics</c> needs an ingest or admin key too.</summary>
    public bool ProtectMetrics { get; set; }
}
