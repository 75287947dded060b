using System.Data.Common;
using Npgsql;

namespace QualityWatch.Storage;

/// <summary>The scale-out store: PostgreSQL through a pooled Npgsql data source.</summary>
internal sealed class PostgresDatabase(string connectionString) : IQualityWatchDatabase
{
    private readonly NpgsqlDataSource _dataSource = NpgsqlDataSource.Create(connectionString);

    public SqlDialect Dialect => SqlDialect.Postgres;

    public async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken);

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
