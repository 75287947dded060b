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
}
