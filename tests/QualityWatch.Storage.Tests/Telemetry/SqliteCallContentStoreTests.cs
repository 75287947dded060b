namespace QualityWatch.Storage.Tests.Telemetry;

public sealed class SqliteCallContentStoreTests : CallContentStoreContract, IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "qw-content-store-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    protected override Task<IQualityWatchDatabase> OpenDatabaseAsync() =>
        QualityWatchDatabase.OpenAsync(new StorageOptions { Path = Path.Combine(_directory, "content.db") }, QualityWatch.Storage.Telemetry.TelemetryStorage.Migrations, CancellationToken.None);
}
