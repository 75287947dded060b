using QualityWatch.Storage.Detection;

namespace QualityWatch.Storage.Tests.Detection;

public sealed class SqlDetectionStateStoreTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("qw-detection-state-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task LoadAsync_NothingSaved_ReturnsNull()
    {
        await using var database = await QualityWatchDatabase.OpenAsync(new StorageOptions { Path = Path.Combine(_directory, "empty.db") }, DetectionStorage.Migrations, CancellationToken.None);

        Assert.Null(await new SqlDetectionStateStore(database).LoadAsync("default", CancellationToken.None));
    }

    [Fact]
    public async Task SaveAsync_ThenReopenTheDatabase_LoadsTheLatestStateExactly()
    {
        var options = new StorageOptions { Path = Path.Combine(_directory, "qw.db") };
        var first = "{\"Version\":1}"u8.ToArray();
        var second = Enumerable.Range(0, 70_000).Select(i => (byte)(i % 251)).ToArray();
        var at = new DateTimeOffset(2026, 11, 1, 12, 30, 0, TimeSpan.Zero);
        await using (var database = await QualityWatchDatabase.OpenAsync(options, DetectionStorage.Migrations, CancellationToken.None))
        {
            var store = new SqlDetectionStateStore(database);
            await store.SaveAsync("default", first, at, CancellationToken.None);
            await store.SaveAsync("default", second, at.AddMinutes(1), CancellationToken.None);
            await store.SaveAsync("other", first, at, CancellationToken.None);
        }

        await using var reopened = await QualityWatchDatabase.OpenAsync(options, DetectionStorage.Migrations, CancellationToken.None);
        var loaded = await new SqlDetectionStateStore(reopened).LoadAsync("default", CancellationToken.None);

        Assert.NotNull(loaded);
        Assert.Equal(second, loaded.Value.State);
        Assert.Equal(at.AddMinutes(1), loaded.Value.SavedAt);
        Assert.Equal(first, (await new SqlDetectionStateStore(reopened).LoadAsync("other", CancellationToken.None))!.Value.State);
    }

    [Fact]
    public async Task SaveAsync_SeveralRows_StoresEachAndReplacesOnlyThose()
    {
        await using var database = await QualityWatchDatabase.OpenAsync(new StorageOptions { Path = Path.Combine(_directory, "rows.db") }, DetectionStorage.Migrations, CancellationToken.None);
        var store = new SqlDetectionStateStore(database);
        var at = new DateTimeOffset(2026, 11, 1, 12, 30, 0, TimeSpan.Zero);
        await store.SaveAsync([("default", "state-1"u8.ToArray()), ("default/fingerprint-pool", "pool-1"u8.ToArray())], at, CancellationToken.None);

        await store.SaveAsync([("default", "state-2"u8.ToArray())], at.AddMinutes(1), CancellationToken.None);

        Assert.Equal("state-2"u8.ToArray(), (await store.LoadAsync("default", CancellationToken.None))!.Value.State);
        var pool = await store.LoadAsync("default/fingerprint-pool", CancellationToken.None);
        Assert.Equal("pool-1"u8.ToArray(), pool!.Value.State);
        Assert.Equal(at, pool.Value.SavedAt);
    }

    [Fact]
    public void Migrations_AreOwnedByTheDetectionModule()
    {
        Assert.Equal(["detection-0001"], DetectionStorage.Migrations.Select(m => m.Id));
    }
}
