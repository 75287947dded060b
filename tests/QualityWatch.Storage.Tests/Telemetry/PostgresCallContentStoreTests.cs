using QualityWatch.TestSupport.Postgres;

namespace QualityWatch.Storage.Tests.Telemetry;

public sealed class PostgresCallContentStoreTests(PostgresCluster cluster) : CallContentStoreContract, IClassFixture<PostgresCluster>
{
    protected override async Task<IQualityWatchDatabase> OpenDatabaseAsync() =>
        await QualityWatchDatabase.OpenAsync(
            new StorageOptions { Provider = "postgres", ConnectionString = await cluster.CreateDatabaseAsync() },
            QualityWatch.Storage.Telemetry.TelemetryStorage.Migrations,
            CancellationToken.None);
}
