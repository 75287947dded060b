using System.Net;
using QualityWatch.Collector.Tests.Support;
using QualityWatch.Storage;
using QualityWatch.Storage.Telemetry;

namespace QualityWatch.Collector.Tests.Durability;

public sealed class GracefulShutdownTests
{
    [Fact]
    public async Task Stop_FlushesTheIngestLogIntoBuckets()
    {
        var directory = Path.Combine(Path.GetTempPath(), "qw-graceful-" + Guid.NewGuid().ToString("N"));
        var path = Path.Combine(directory, "qualitywatch.db");
        var host = await CollectorHost.StartAsync(new Dictionary<string, string?>
        {
            ["Storage:Path"] = path,
            ["Storage:Telemetry:AggregationIntervalMilliseconds"] = "600000",
            ["Storage:Telemetry:MaintenanceIntervalSeconds"] = "600",
        });
        var response = await host.Http.PostAsync("/v1/traces", Spans.Protobuf(Spans.Request(Enumerable.Range(0, 30).Select(_ => Spans.Llm(model: "graceful")).ToArray())));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await host.DisposeAsync();

        await using var database = await QualityWatchDatabase.OpenAsync(new StorageOptions { Path = path }, TelemetryStorage.Migrations, CancellationToken.None);
        await using (var connection = await database.OpenConnectionAsync(CancellationToken.None))
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT COUNT(*) FROM telemetry_ingest_log";
            Assert.Equal(0L, await command.ExecuteScalarAsync());
        }

        await using var store = await TelemetryStore.OpenAsync(database, new TelemetryStoreOptions(), TimeProvider.System, CancellationToken.None);
        var buckets = await store.QueryBucketsAsync(DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddHours(1), CancellationToken.None);
        Assert.Equal(30, buckets.Where(b => b.Key.Model == "graceful").Sum(b => b.Count));
        Directory.Delete(directory, recursive: true);
    }
}
