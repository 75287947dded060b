namespace QualityWatch.Storage;

/// <summary>Opens the configured database and brings its schema up to date.</summary>
public static class QualityWatchDatabase
{
    /// <summary>Opens SQLite or PostgreSQL per <paramref name="options"/> and applies <paramref name="migrations"/>.</summary>
    /// <exception cref="InvalidOperationException">The options name an unknown provider or lack a connection string.</exception>
    public static async Task<IQualityWatchDatabase> OpenAsync(StorageOptions options, IEnumerable<ISchemaMigration> migrations, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(migrations);
        IQualityWatchDatabase database = options.Provider.ToUpperInvariant() switch
        {
            "SQLITE" => new SqliteDatabase(options.Path),
            "POSTGRES" or "POSTGRESQL" => new PostgresDatabase(ResolveConnectionString(options)),
            _ => throw new InvalidOperationException($"storage.provider must be 'sqlite' or 'postgres', not '{options.Provider}'"),
        };
        try
        {
            await SchemaMigrator.MigrateAsync(database, migrations, cancellationToken);
            return database;
        }
        catch
        {
            await database.DisposeAsync();
            throw;
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
