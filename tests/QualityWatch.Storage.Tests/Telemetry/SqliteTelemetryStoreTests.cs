using QualityWatch.Storage.Telemetry;

namespace QualityWatch.Storage.Tests.Telemetry;

public sealed class SqliteTelemetryStoreTests : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "qw-telemetry-" + Guid.NewGuid().ToString("N"));

    private string DatabasePath => Path.Combine(_directory, "telemetry.db");

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task LatencyQuantiles_MergeTheMinuteHistogramsOfEachGroup_SoOneSlowMinuteDoesNotBecomeTheP95()
    {
        await using var database = await QualityWatchDatabase.OpenAsync(new StorageOptions { Path = DatabasePath }, TelemetryStorage.Migrations, CancellationToken.None);
        await using var store = await TelemetryStore.OpenAsync(database, new TelemetryStoreOptions(), TimeProvider.System, CancellationToken.None);
        var minute = new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);
        // A warm-up minute with one 2.61 s call, then nine minutes of 20 calls at 0.5 s, split over two provider names.
        var events = new List<TelemetryEvent> { TelemetryEvents.Call(minute, provider: "openai-prod", seconds: 2.61) };
        for (var m = 1; m < 10; m++)
        {
            events.AddRange(Enumerable.Range(0, 20).Select(i => TelemetryEvents.Call(minute.AddMinutes(m).AddSeconds(i), provider: i % 2 == 0 ? "openai" : "openai-prod", seconds: 0.5)));
        }

        await store.AppendAsync(events, CancellationToken.None);
        await store.FlushAsync(CancellationToken.None);

        var merged = await store.QueryLatencyQuantilesAsync(minute, minute.AddMinutes(10), key => key.Provider.StartsWith("openai", StringComparison.Ordinal) ? "openai|gpt-4o" : null, CancellationToken.None);

        var quantiles = Assert.Single(merged).Value;
        Assert.Equal(181, quantiles.Count);
        Assert.Equal(0.5, quantiles.P95Seconds!.Value, 0.01);
        Assert.Equal(0.5, quantiles.P50Seconds!.Value, 0.01);
        // The per-minute p95s the provider page used to rank hold the warm-up call as one of ten values.
        var buckets = await store.QueryBucketsAsync(minute, minute.AddMinutes(10), CancellationToken.None);
        Assert.Contains(buckets, b => b.LatencyP95Seconds > 2.5);
    }

    [Fact]
    public async Task Append_WhenAFoldIsDue_FoldsTheEarlierRowsInTheSameTransaction()
    {
        // Only appends wake the writer here: the fold interval is far longer than the test in real time.
        var clock = new SteppedClock();
        var options = new TelemetryStoreOptions { AggregationIntervalMilliseconds = 600_000, MaintenanceIntervalSeconds = 86_400 };
        await using var database = await QualityWatchDatabase.OpenAsync(new StorageOptions { Path = DatabasePath }, TelemetryStorage.Migrations, CancellationToken.None);
        await using var store = await TelemetryStore.OpenAsync(database, options, clock, CancellationToken.None);
        var minute = new DateTimeOffset(2026, 11, 21, 12, 30, 0, TimeSpan.Zero);

        await store.AppendAsync([.. Enumerable.Range(0, 25).Select(i => TelemetryEvents.Call(minute.AddSeconds(i)))], CancellationToken.None);
        Assert.Empty(await store.QueryBucketsAsync(minute, minute.AddMinutes(1), CancellationToken.None));

        clock.Advance(TimeSpan.FromMinutes(11));
        await store.AppendAsync([.. Enumerable.Range(0, 10).Select(i => TelemetryEvents.Call(minute.AddSeconds(i)))], CancellationToken.None);

        // The second commit carried the fold of the first; the second waits for the next fold.
        Assert.Equal(25, Assert.Single(await store.QueryBucketsAsync(minute, minute.AddMinutes(1), CancellationToken.None)).Count);
        await store.FlushAsync(CancellationToken.None);
        Assert.Equal(35, Assert.Single(await store.QueryBucketsAsync(minute, minute.AddMinutes(1), CancellationToken.None)).Count);
    }

    [Fact]
    public async Task Append_BucketsByEventMinute_AndBackfilledDataLandsInItsOwnBuckets()
    {
        await using var database = await QualityWatchDatabase.OpenAsync(new StorageOptions { Path = DatabasePath }, TelemetryStorage.Migrations, CancellationToken.None);
        await using var store = await TelemetryStore.OpenAsync(database, new TelemetryStoreOptions(), TimeProvider.System, CancellationToken.None);
        var minute = new DateTimeOffset(2026, 11, 21, 12, 30, 0, TimeSpan.Zero);
        var old = minute.AddDays(-3);

        await store.AppendAsync([TelemetryEvents.Call(minute.AddSeconds(5), seconds: 1), TelemetryEvents.Call(minute.AddSeconds(59), seconds: 3, error: "timeout")], CancellationToken.None);
        await store.AppendAsync([TelemetryEvents.Call(minute.AddMinutes(1).AddSeconds(1), passed: 1, total: 1)], CancellationToken.None);
        await store.AppendAsync([TelemetryEvents.Call(old.AddSeconds(30), passed: 0, total: 1)], CancellationToken.None);
        await store.FlushAsync(CancellationToken.None);

        var buckets = await store.QueryBucketsAsync(old.AddHours(-1), minute.AddHours(1), CancellationToken.None);
        Assert.Equal([old, minute, minute.AddMinutes(1)], buckets.Select(b => b.Start));
        var first = buckets[1];
        Assert.Equal(2, first.Count);
        Assert.Equal(1, first.Errors);
        Assert.Equal(1, first.ErrorsByType["timeout"]);
        Assert.Equal(40, first.OutputTokens);
        Assert.Equal(0.002m, first.Cost);
        Assert.InRange(first.LatencyP95Seconds!.Value, 3 * 0.98, 3 * 1.02);
        Assert.Equal((0, 1), (buckets[0].QualityPassed, buckets[0].QualityTotal));
        Assert.Equal((1, 1), (buckets[2].QualityPassed, buckets[2].QualityTotal));
    }

    [Fact]
    public async Task Reopen_AfterAcknowledgedAppends_FoldsTheLogAndKeepsEverything()
    {
        var start = DateTimeOffset.UtcNow;
        await using (var database = await QualityWatchDatabase.OpenAsync(new StorageOptions { Path = DatabasePath }, TelemetryStorage.Migrations, CancellationToken.None))
        {
            // Aggregation never runs before the store is dropped: the data lives only in the ingest log.
            var store = await TelemetryStore.OpenAsync(database, new TelemetryStoreOptions { AggregationIntervalMilliseconds = 600_000, MaintenanceIntervalSeconds = 600 }, TimeProvider.System, CancellationToken.None);
            await store.AppendAsync(Enumerable.Range(0, 50).Select(i => TelemetryEvents.Call(start)).ToList(), CancellationToken.None);
        }

        await using var reopened = await QualityWatchDatabase.OpenAsync(new StorageOptions { Path = DatabasePath }, TelemetryStorage.Migrations, CancellationToken.None);
        await using var again = await TelemetryStore.OpenAsync(reopened, new TelemetryStoreOptions(), TimeProvider.System, CancellationToken.None);
        var buckets = await again.QueryBucketsAsync(start.AddHours(-1), start.AddHours(1), CancellationToken.None);
        Assert.Equal(50, buckets.Sum(b => b.Count));
    }

    [Fact]
    public async Task Append_AggregatedCallsTokensAndOutputsWithoutCalls_SurviveAReopen()
    {
        var start = DateTimeOffset.UtcNow;
        var series = QualityWatch.Core.Telemetry.SeriesKey.Of("openai", "from-metrics");
        await using (var database = await QualityWatchDatabase.OpenAsync(new StorageOptions { Path = DatabasePath }, TelemetryStorage.Migrations, CancellationToken.None))
        {
            var store = await TelemetryStore.OpenAsync(database, new TelemetryStoreOptions { AggregationIntervalMilliseconds = 600_000, MaintenanceIntervalSeconds = 600 }, TimeProvider.System, CancellationToken.None);
            var calls = new CallBatch();
            var slot = calls.Slot(series, series.Canonical, CallBatch.MinuteOf(start.ToUnixTimeSeconds()));
            slot.AddCalls(3, 0.75, null);
            slot.AddCalls(1, 1.5, "timeout");
            slot.AddTimeToFirstToken(2, 0.2);
            slot.AddTokens(120, 40);
            await store.AppendAsync(calls, CancellationToken.None);

            // A batch with figures and no call at all (an output event) is committed too.
            var outputs = new CallBatch();
            outputs.Slot(series, series.Canonical, CallBatch.MinuteOf(start.ToUnixTimeSeconds()))
                .AddOutput(new OutputFigures(12, new Dictionary<string, int> { ["Latin"] = 10, ["Han"] = 2 }, 0.2));
            await store.AppendAsync(outputs, CancellationToken.None);
        }

        await using var reopened = await QualityWatchDatabase.OpenAsync(new StorageOptions { Path = DatabasePath }, TelemetryStorage.Migrations, CancellationToken.None);
        await using var again = await TelemetryStore.OpenAsync(reopened, new TelemetryStoreOptions(), TimeProvider.System, CancellationToken.None);
        var bucket = Assert.Single(await again.QueryBucketsAsync(start.AddHours(-1), start.AddHours(1), CancellationToken.None));
        Assert.Equal((4L, 1L, 120L, 40L), (bucket.Count, bucket.Errors, bucket.InputTokens, bucket.OutputTokens));
        Assert.Equal(0.75, bucket.LatencyP50Seconds!.Value, 0.02);
        Assert.Equal(0.2, bucket.TimeToFirstTokenP50Seconds!.Value, 0.01);
        Assert.Equal((1L, 1L, 12.0), (bucket.OutputsAnalysed, bucket.OutputsWithUnexpectedScript, bucket.MeanOutputLength!.Value));
    }

    [Fact]
    public async Task Maintenance_MergesPartsAndAppliesRetention()
    {
        await using var database = await QualityWatchDatabase.OpenAsync(new StorageOptions { Path = DatabasePath }, TelemetryStorage.Migrations, CancellationToken.None);
        await using var store = await TelemetryStore.OpenAsync(database, new TelemetryStoreOptions { BucketRetentionDays = 7 }, TimeProvider.System, CancellationToken.None);
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < 3; i++)
        {
            await store.AppendAsync([TelemetryEvents.Call(now)], CancellationToken.None);
            await store.FlushAsync(CancellationToken.None);
        }

        await store.AppendAsync([TelemetryEvents.Call(now.AddDays(-30))], CancellationToken.None);
        Assert.True(await store.RunMaintenanceAsync(CancellationToken.None));

        var buckets = await store.QueryBucketsAsync(now.AddDays(-60), now.AddDays(1), CancellationToken.None);
        var bucket = Assert.Single(buckets);
        Assert.Equal(3, bucket.Count);
        await using var connection = await database.OpenConnectionAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM telemetry_bucket_parts";
        Assert.Equal(1L, await command.ExecuteScalarAsync());
    }

    /// <summary>Real wall-clock time, but elapsed time (the store's fold and maintenance intervals) moves only when told.</summary>
    private sealed class SteppedClock : TimeProvider
    {
        private long _timestamp = 1_000_000;

        public void Advance(TimeSpan by) => Interlocked.Add(ref _timestamp, (long)(by.TotalSeconds * TimestampFrequency));

        public override long GetTimestamp() => Interlocked.Read(ref _timestamp);
    }
}
