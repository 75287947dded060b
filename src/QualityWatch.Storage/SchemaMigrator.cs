using System.Data.Common;

namespace QualityWatch.Storage;

/// <summary>Applies pending <see cref="ISchemaMigration"/>s at start, each once, recorded in <c>qw_schema_migrations</c>.</summary>
internal static class SchemaMigrator
{
    public static async Task MigrateAsync(IQualityWatchDatabase database, IEnumerable<ISchemaMigration> migrations, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await ExecuteAsync(connection, null, "CREATE TABLE IF NOT EXISTS qw_schema_migrations (id TEXT PRIMARY KEY, applied_at TEXT NOT NULL)", cancellationToken);

        // Replicas starting together on PostgreSQL must not race each other through the DDL.
        if (database.Dialect == SqlDialect.Postgres)
        {
            await ExecuteAsync(connection, null, "SELECT pg_advisory_lock(7157001)", cancellationToken);
        }

        try
        {
            var applied = new HashSet<string>(StringComparer.Ordinal);
            await using (var select = connection.CreateCommand())
            {
                select.CommandText = "SELECT id FROM qw_schema_migrations";
                await using var reader = await select.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    applied.Add(reader.GetString(0));
                }
            }

            foreach (var migration in migrations.OrderBy(m => m.Id, StringComparer.Ordinal))
            {
                if (applied.Contains(migration.Id))
                {
                    continue;
                }

                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await ExecuteAsync(connection, transaction, migration.Sql(database.Dialect), cancellationToken);
                await using var record = connection.CreateCommand();
                record.Transaction = transaction;
                record.CommandText = "INSERT INTO qw_schema_migrations (id, applied_at) VALUES (@id, @at)";
                record.AddParameter("@id", migration.Id);
                record.AddParameter("@at", DateTimeOffset.UtcNow.ToString("O"));
                await record.ExecuteNonQueryAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }
        }
        finally
        {
            if (database.Dialect == SqlDialect.Postgres)
            {
                await ExecuteAsync(connection, null, "SELECT pg_advisory_unlock(7157001)", CancellationToken.None);
            }
        }
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
