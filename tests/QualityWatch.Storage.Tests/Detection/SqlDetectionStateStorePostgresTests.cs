using QualityWatch.Storage.Detection;
using QualityWatch.TestSupport.Postgres;

namespace QualityWatch.Storage.Tests.Detection;

public sealed class SqlDetectionStateStorePostgresTests(PostgresCluster cluster) : IClassFixture<PostgresCluster>
{
    [Fact]
    public async Task SaveAsync_OnPostgres_ReplacesAndReloadsTheState()
    {
        var options = new StorageOptions { Provider = "postgres", ConnectionString = await cluster.CreateDatabaseAsync() };
        var state = Enumerable.Range(0, 10_000).Select(i => (byte)(i % 256)).ToArray();
        var at = new DateTimeOffset(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);

        await using (var database = await QualityWatchDatabase.OpenAsync(options, DetectionStorage.Migrations, CancellationToken.None))
        {
            var store = new SqlDetectionStateStore(database);
            await store.SaveAsync("default", "old"u8.ToArray(), at, CancellationToken.None);
            await store.SaveAsync("default", state, at.AddMinutes(1), CancellationToken.None);
        }

        await using var reopened = await QualityWatchDatabase.OpenAsync(options, DetectionStorage.Migrations, CancellationToken.None);
        var loaded = await new SqlDetectionStateStore(reopened).LoadAsync("default", CancellationToken.None);

        Assert.NotNull(loaded);
        Assert.Equal(state, loaded.Value.State);
        Assert.Equal(at.AddMinutes(1), loaded.Value.SavedAt);
    }

    [Fact]
    public async Task SaveAsync_SeveralRowsOnPostgres_StoresThemInOneTransaction()
    {
        var options = new StorageOptions { Provider = "postgres", ConnectionString = await cluster.CreateDatabaseAsync() };
        var at = new DateTimeOffset(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);
        await using var database = await QualityWatchDatabase.OpenAsync(options, DetectionStorage.Migrations, CancellationToken.None);
        var store = new SqlDetectionStateStore(database);

        await store.SaveAsync([("default", "state"u8.ToArray()), ("default/fingerprint-pool", "pool"u8.ToArray())], at, CancellationToken.None);
        await store.SaveAsync([("default", "state-2"u8.ToArray()), ("default/fingerprint-pool", "pool-2"u8.ToArray())], at.AddMinutes(1), CancellationToken.None);

        Assert.Equal("state-2"u8.ToArray(), (await store.LoadAsync("default", CancellationToken.None))!.Value.State);
        Assert.Equal("pool-2"u8.ToArray(), (await store.LoadAsync("default/fingerprint-pool", CancellationToken.None))!.Value.State);
    }
}
