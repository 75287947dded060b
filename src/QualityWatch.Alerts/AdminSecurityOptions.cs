namespace QualityWatch.Alerts;

/// <summary>Admin keys that may change alerts (<c>security</c> section). Without any key, changes are refused.</summary>
public sealed class AdminSecurityOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Security";

    /// <summary>Literal keys (prefer the env var or file forms).</summary>
    public List<string> AdminKeys { get; set; } = [];

    /// <summary>Environment variable holding a comma-separated list of keys.</summary>
    public string? AdminKeysEnv { get; set; }

    /// <summary>File with one key per line.</summary>
    public string? AdminKeysFile { get; set; }
}
