using QualityWatch.Core.Alerts;
using QualityWatch.Storage;
using QualityWatch.Storage.Alerts;

namespace QualityWatch.Alerts.Tests.Storage;

public sealed class SqliteAlertStoreTests : SqlAlertStoreContract, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("qw-alert-store-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    protected override Task<SqlAlertStore> OpenStoreAsync() =>
        Task.FromResult(new SqlAlertStore(new StorageOptions { Provider = "sqlite", Path = Path.Combine(_directory, $"{Guid.NewGuid():N}.db") }));

    [Fact]
    public async Task Migrations_AreRecordedUnderAlertIds()
    {
        var path = Path.Combine(_directory, "migrations.db");
        await using (var store = new SqlAlertStore(new StorageOptions { Path = path }))
        {
            await store.ListOpenAsync(CancellationToken.None);
        }

        await using var database = await QualityWatchDatabase.OpenAsync(new StorageOptions { Path = path }, AlertStorage.Migrations, CancellationToken.None);
        await using var connection = await database.OpenConnectionAsync(CancellationToken.None);
        await using var select = connection.CreateCommand();
        select.CommandText = "SELECT id FROM qw_schema_migrations WHERE id LIKE 'alerts-%'";
        Assert.Equal("alerts-0001", (string)(await select.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task IncidentsMigration_BackfillsOneIncidentPerIncidentIdOfAlertsStoredBeforeIt()
    {
        var path = Path.Combine(_directory, "backfill.db");
        await using (var before = await QualityWatchDatabase.OpenAsync(new StorageOptions { Path = path }, [AlertStorage.Migrations[0]], CancellationToken.None))
        {
            await using var connection = await before.OpenConnectionAsync(CancellationToken.None);
            foreach (var (id, state, severity, resolvedAt) in new[] { ("al-1", "resolved", "warning", "2026-11-21T13:00:00.0000000Z"), ("al-2", "firing", "critical", (string?)null) })
            {
                await using var insert = connection.CreateCommand();
                var resolved = resolvedAt is null ? "NULL" : $"'{resolvedAt}'";
                insert.CommandText = $$"""
                    INSERT INTO qw_alerts VALUES ('{{id}}', 'inc-old', 'k', 'latency-drift', '{{severity}}', '{{state}}', 'openai-prod', 'gpt-4o-mini', 'chat', NULL,
                        's', '{}', '{}', 'summary', '2026-11-21T12:00:00.0000000Z', '2026-11-21T13:00:00.0000000Z', '2026-11-21T12:00:00.0000000Z',
                        NULL, NULL, NULL, NULL, {{resolved}}, NULL, 1, '{}')
                    """;
                await insert.ExecuteNonQueryAsync();
            }
        }

        await using var store = new SqlAlertStore(new StorageOptions { Path = path });
        var incident = await store.GetIncidentAsync("inc-old", CancellationToken.None);

        Assert.NotNull(incident);
        Assert.Equal(AlertState.Firing, incident!.State);
        Assert.Equal(AlertSeverity.Critical, incident.Severity);
        Assert.Equal("gpt-4o-mini", incident.Model);
        Assert.Null(incident.ResolvedAt);
        Assert.Equal(2, (await store.ListIncidentAlertsAsync("inc-old", CancellationToken.None)).Count);
    }
}
