namespace QualityWatch.Storage;

/// <summary>Where QualityWatch keeps its data. Bound from the <c>storage</c> section.</summary>
public sealed class StorageOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Storage";

    /// <summary><c>sqlite</c> (embedded default, one file in WAL mode) or <c>postgres</c> (scale-out).</summary>
    public string Provider { get; set; } = "sqlite";

    /// <summary>SQLite database file; its directory is created when missing.</summary>
    public string Path { get; set; } = ".qualitywatch/qualitywatch.db";

    /// <summary>PostgreSQL connection string (Npgsql syntax), when <see cref="Provider"/> is <c>postgres</c>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Name of an environment variable holding the PostgreSQL connection string (keeps the password out of the file).</summary>
    public string? ConnectionStringEnv { get; set; }

    /// <summary>Days of raw data kept per table; 0 keeps everything.</summary>
    public int RetentionDays { get; set; } = 30;
}
