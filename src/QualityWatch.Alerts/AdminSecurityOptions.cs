namespace QualityWatch.Alerts;

/// <summary>Admin keys that may change alerts (<c>security</c> section). Without any key, changes are refused.</summary>
public sealed class AdminSecurityOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Security";

    /// <summary>Literal keys (prefer the env var or file forms).</summary>
    public List<string> AdminKeys { get; set; } = [];

    /// <summary>Environment variables, each holding a key or a comma-separated list of keys (same shape as the
    /// collector's ingest keys, so one <c>security</c> section serves both).</summary>
    public List<string> AdminKeysEnv { get; set; } = [];

    /// <summary>Files with one key per line.</summary>
    public List<string> AdminKeysFile { get; set; } = [];
}
