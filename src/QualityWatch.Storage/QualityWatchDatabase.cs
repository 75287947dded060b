namespace QualityWatch.Storage;

/// <summary>Opens the configured database and brings its schema up to date.</summary>
public static class QualityWatchDatabase
{
    /// <summary>Opens SQLite or PostgreSQL per <paramref name="options"/> and applies <paramref name="migrations"/>.</summary>
    /// <exception cref="InvalidOperationException">The options name an unknown provider or lack a connection string.</exception>
    public static async Task<IQualityWatchDatabase> OpenAsync(StorageOptions options, IEnumerable<ISchemaMigration> migrations, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(migrations);
        var database = Create(options);
        try
        {
            await MigrateAsync(database, migrations, cancellationToken);
            return database;
        }
        catch
        {
            await database.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// The database <paramref name="options"/> name, not yet migrated: no connection is opened until first use, so a
    /// host can create it as a singleton and let <see cref="DatabaseMigrationService"/> migrate it at start.
    /// </summary>
    /// <exception cref="InvalidOperationException">The options name an unknown provider or lack a connection string.</exception>
    public static IQualityWatchDatabase Create(StorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Provider.ToUpperInvariant() switch
        {
            "SQLITE" => new SqliteDatabase(options.Path),
            "POSTGRES" or "POSTGRESQL" => new PostgresDatabase(ResolveConnectionString(options)),
            _ => throw new InvalidOperationException($"storage.provider must be 'sqlite' or 'postgres', not '{options.Provider}'"),
        };
    }

    /// <summary>Applies the <paramref name="migrations"/> not applied yet, in id order, each once.</summary>
    public static Task MigrateAsync(IQualityWatchDatabase database, IEnumerable<ISchemaMigration> migrations, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(migrations);
        return SchemaMigrator.MigrateAsync(database, migrations, cancellationToken);
    }

    /// <summary>The first problem with <paramref name="options"/> as a one-line message naming the key, or null.</summary>
    internal static string? Problem(StorageOptions options)
    {
        if (options.RetentionDays < 0)
        {
            return $"storage.retention_days must be 0 (keep everything) or more, not {options.RetentionDays}";
        }

        try
        {
            switch (options.Provider.ToUpperInvariant())
            {
                case "SQLITE":
                    return string.IsNullOrWhiteSpace(options.Path) ? "storage.path must name the SQLite file when storage.provider is 'sqlite'" : null;
                case "POSTGRES" or "POSTGRESQL":
                    ResolveConnectionString(options);
                    return null;
                default:
                    return $"storage.provider must be 'sqlite' or 'postgres', not '{options.Provider}'";
            }
        }
        catch (InvalidOperationException exception)
        {
            return exception.Message;
        }
    }

    private static string ResolveConnectionString(StorageOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.ConnectionStringEnv))
        {
            return Environment.GetEnvironmentVariable(options.ConnectionStringEnv) is { Length: > 0 } fromEnvironment
                ? fromEnvironment
                : throw new InvalidOperationException($"storage.connection_string_env names {options.ConnectionStringEnv}, which is not set");
        }

        return !string.IsNullOrWhiteSpace(options.ConnectionString)
            ? options.ConnectionString
            : throw new InvalidOperationException("storage.provider is 'postgres' but neither storage.connection_string nor storage.connection_string_env is set");
    }
}
