using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace QualityWatch.Storage;

/// <summary>The embedded default: one SQLite file in WAL mode, so readers never block the writer.</summary>
internal sealed class SqliteDatabase : IQualityWatchDatabase
{
    private readonly string _connectionString;
    private volatile bool _directoryCreated;

    public SqliteDatabase(string path)
    {
        var fullPath = System.IO.Path.GetFullPath(path);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = fullPath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        Path = fullPath;
    }

    public string Path { get; }

    public SqlDialect Dialect => SqlDialect.Sqlite;

    public async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        // Created on first use, not in the constructor: a host whose start fails validation leaves nothing behind.
        if (!_directoryCreated)
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
            _directoryCreated = true;
        }

        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        using var pragma = connection.CreateCommand();
        // WAL + synchronous=FULL: a committed transaction survives kill -9 and power loss of the process.
        pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=30000; PRAGMA foreign_keys=ON;";
        await pragma.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        return ValueTask.CompletedTask;
    }
}
