using QualityWatch.Storage.Telemetry;
using TelemetryEvent = QualityWatch.Storage.Telemetry.TelemetryEvent;
using QualityWatch.TestSupport.Postgres;

namespace QualityWatch.Storage.Tests.Telemetry;

/// <summary>Two collector replicas on one real PostgreSQL: aggregates merge, maintenance has exactly one leader.</summary>
public sealed class PostgresTelemetryStoreTests(PostgresCluster cluster) : IClassFixture<PostgresCluster>
{
    [Fact]
    public async Task LatencyQuantiles_MergeTheHistogramsOfBothReplicasParts()
    {
        var options = new StorageOptions { Provider = "postgres", ConnectionString = await cluster.CreateDatabaseAsync() };
        await using var databaseA = await QualityWatchDatabase.OpenAsync(options, TelemetryStorage.Migrations, CancellationToken.None);
        await using var databaseB = await QualityWatchDatabase.OpenAsync(options, TelemetryStorage.Migrations, CancellationToken.None);
        await using var replicaA = await TelemetryStore.OpenAsync(databaseA, new TelemetryStoreOptions(), TimeProvider.System, CancellationToken.None);
        await using var replicaB = await TelemetryStore.OpenAsync(databaseB, new TelemetryStoreOptions(), TimeProvider.System, CancellationToken.None);
        var minute = new DateTimeOffset(2026, 11, 21, 8, 0, 0, TimeSpan.Zero);

        // Replica A holds 90 fast calls, replica B 10 slow ones, in the same minute: the p95 is a slow call, the median a fast one.
        await replicaA.AppendAsync([.. Enumerable.Range(0, 90).Select(i => TelemetryEvents.Call(minute.AddSeconds(i % 60), seconds: 0.2))], CancellationToken.None);
        await replicaB.AppendAsync([.. Enumerable.Range(0, 10).Select(i => TelemetryEvents.Call(minute.AddSeconds(i), seconds: 2.0))], CancellationToken.None);
        await Task.WhenAll(replicaA.FlushAsync(CancellationToken.None), replicaB.FlushAsync(CancellationToken.None));

        var merged = Assert.Single(await replicaA.QueryLatencyQuantilesAsync(minute, minute.AddMinutes(1), key => key.Model, CancellationToken.None));

        Assert.Equal("gpt-4o", merged.Key);
        Assert.Equal(100, merged.Value.Count);
        Assert.InRange(merged.Value.P95Seconds!.Value, 2.0 * 0.98, 2.0 * 1.02);
        Assert.InRange(merged.Value.P50Seconds!.Value, 0.2 * 0.98, 0.2 * 1.02);
    }

    [Fact]
    public async Task TwoReplicas_AppendingTheSameSeries_MergeIntoExactTotals()
    {
        var options = new StorageOptions { Provider = "postgres", ConnectionString = await cluster.CreateDatabaseAsync() };
        var storeOptions = new TelemetryStoreOptions { AggregationIntervalMilliseconds = 50 };
        await using var databaseA = await QualityWatchDatabase.OpenAsync(options, TelemetryStorage.Migrations, CancellationToken.None);
        await using var databaseB = await QualityWatchDatabase.OpenAsync(options, TelemetryStorage.Migrations, CancellationToken.None);
        await using var replicaA = await TelemetryStore.OpenAsync(databaseA, storeOptions, TimeProvider.System, CancellationToken.None);
        await using var replicaB = await TelemetryStore.OpenAsync(databaseB, storeOptions, TimeProvider.System, CancellationToken.None);
        var minute = new DateTimeOffset(2026, 11, 21, 8, 0, 0, TimeSpan.Zero);

        var writes = Enumerable.Range(0, 40).Select(i =>
            (i % 2 == 0 ? replicaA : replicaB).AppendAsync(
                Enumerable.Range(0, 25).Select(j => TelemetryEvents.Call(minute.AddSeconds(j), seconds: i % 2 == 0 ? 0.2 : 2.0, passed: j % 5 == 0 ? 0 : 1, total: 1)).ToList(),
                CancellationToken.None));
        await Task.WhenAll(writes);
        await Task.WhenAll(replicaA.FlushAsync(CancellationToken.None), replicaB.FlushAsync(CancellationToken.None));

        var fromA = await replicaA.QueryBucketsAsync(minute, minute.AddMinutes(1), CancellationToken.None);
        var fromB = await replicaB.QueryBucketsAsync(minute, minute.AddMinutes(1), CancellationToken.None);
        var bucket = Assert.Single(fromA);
        Assert.Equal(1000, bucket.Count);
        Assert.Equal(800, bucket.QualityPassed);
        Assert.Equal(1000, bucket.QualityTotal);
        Assert.Equal(20_000, bucket.OutputTokens);
        Assert.InRange(bucket.LatencyP95Seconds!.Value, 2.0 * 0.98, 2.0 * 1.02);
        Assert.Equal(bucket.Count, Assert.Single(fromB).Count);

        var leaders = new[] { await replicaA.RunMaintenanceAsync(CancellationToken.None), await replicaB.RunMaintenanceAsync(CancellationToken.None) };
        Assert.Equal(1, leaders.Count(l => l));
        var merged = Assert.Single(await replicaB.QueryBucketsAsync(minute, minute.AddMinutes(1), CancellationToken.None));
        Assert.Equal(1000, merged.Count);
        Assert.Equal(bucket.LatencyP50Seconds, merged.LatencyP50Seconds);
    }

    [Fact]
    public async Task ReplicaPresumedDead_HasRowsRecoveredByTheOther_AndItsOwnFoldCountsOnlyTheRest()
    {
        var options = new StorageOptions { Provider = "postgres", ConnectionString = await cluster.CreateDatabaseAsync() };
        await using var databaseA = await QualityWatchDatabase.OpenAsync(options, TelemetryStorage.Migrations, CancellationToken.None);
        await using var databaseB = await QualityWatchDatabase.OpenAsync(options, TelemetryStorage.Migrations, CancellationToken.None);

        // A folds only when flushed; B's clock runs five minutes ahead, so A's committed rows look orphaned to B.
        var slow = new TelemetryStoreOptions { AggregationIntervalMilliseconds = 600_000, MaintenanceIntervalSeconds = 600 };
        await using var replicaA = await TelemetryStore.OpenAsync(databaseA, slow, TimeProvider.System, CancellationToken.None);
        await using var replicaB = await TelemetryStore.OpenAsync(databaseB, slow, new ShiftedTime(TimeSpan.FromMinutes(5)), CancellationToken.None);
        var minute = new DateTimeOffset(2026, 11, 21, 9, 0, 0, TimeSpan.Zero);
        List<TelemetryEvent> Batch(int tokens) => Enumerable.Range(0, 25).Select(j => TelemetryEvents.Call(minute.AddSeconds(j))).Select(e => e with { Call = e.Call with { OutputTokens = tokens } }).ToList();

        await replicaA.AppendAsync(Batch(1), CancellationToken.None);
        await replicaB.RunMaintenanceAsync(CancellationToken.None);
        Assert.Equal(25, Assert.Single(await replicaB.QueryBucketsAsync(minute, minute.AddMinutes(1), CancellationToken.None)).Count);
        await replicaA.AppendAsync(Batch(100), CancellationToken.None);
        await replicaA.FlushAsync(CancellationToken.None);

        var bucket = Assert.Single(await replicaA.QueryBucketsAsync(minute, minute.AddMinutes(1), CancellationToken.None));
        Assert.Equal(50, bucket.Count);
        Assert.Equal((25 * 1) + (25 * 100), bucket.OutputTokens);
    }

    [Fact]
    public async Task Leadership_PassesToTheOtherReplica_WhenTheLeaderStops()
    {
        var options = new StorageOptions { Provider = "postgres", ConnectionString = await cluster.CreateDatabaseAsync() };
        await using var databaseA = await QualityWatchDatabase.OpenAsync(options, TelemetryStorage.Migrations, CancellationToken.None);
        await using var databaseB = await QualityWatchDatabase.OpenAsync(options, TelemetryStorage.Migrations, CancellationToken.None);
        var first = new DatabaseLeadership(databaseA, 42);
        await using var second = new DatabaseLeadership(databaseB, 42);

        Assert.True(await first.TryAcquireAsync(CancellationToken.None));
        Assert.False(await second.TryAcquireAsync(CancellationToken.None));
        await first.DisposeAsync();
        Assert.True(await second.TryAcquireAsync(CancellationToken.None));
    }

    private sealed class ShiftedTime(TimeSpan shift) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + shift;
    }
}
