namespace QualityWatch.Storage.Tests;

public sealed class SqliteDatabaseTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("qw-storage-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private sealed record Migration(string Id, string Ddl) : ISchemaMigration
    {
        public string Sql(SqlDialect dialect) => Ddl;
    }

    [Fact]
    public async Task OpenAsync_AppliesEachMigrationOnce_EvenWhenOpenedTwice()
    {
        var options = new StorageOptions { Path = Path.Combine(_directory, "nested", "qw.db") };
        ISchemaMigration[] migrations = [new Migration("test-0001", "CREATE TABLE t (x INTEGER)")];

        await using (var first = await QualityWatchDatabase.OpenAsync(options, migrations, CancellationToken.None))
        {
            await using var connection = await first.OpenConnectionAsync(CancellationToken.None);
            await using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO t VALUES (1)";
            await insert.ExecuteNonQueryAsync();
        }

        // A second open must not re-run CREATE TABLE (it would fail) and must keep the data.
        await using var second = await QualityWatchDatabase.OpenAsync(options, migrations, CancellationToken.None);
        await using var read = await second.OpenConnectionAsync(CancellationToken.None);
        await using var count = read.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM t";
        Assert.Equal(1L, (long)(await count.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task OpenConnectionAsync_UsesWriteAheadLogging()
    {
        var options = new StorageOptions { Path = Path.Combine(_directory, "wal.db") };
        await using var database = await QualityWatchDatabase.OpenAsync(options, [], CancellationToken.None);
        await using var connection = await database.OpenConnectionAsync(CancellationToken.None);
        await using var mode = connection.CreateCommand();
        mode.CommandText = "PRAGMA journal_mode";

        Assert.Equal("wal", (string)(await mode.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task OpenAsync_UnknownProvider_ThrowsNamingTheSetting()
    {
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            QualityWatchDatabase.OpenAsync(new StorageOptions { Provider = "mysql" }, [], CancellationToken.None));
        Assert.Contains("storage.provider", ex.Message, StringComparison.Ordinal);
    }
}
