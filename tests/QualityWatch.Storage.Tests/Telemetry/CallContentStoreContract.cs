using QualityWatch.Storage.Telemetry;

namespace QualityWatch.Storage.Tests.Telemetry;

/// <summary>What the content store and the stored-series query guarantee on every database.</summary>
public abstract class CallContentStoreContract
{
    private static readonly DateTimeOffset Minute = new(2026, 11, 21, 9, 0, 0, TimeSpan.Zero);

    protected abstract Task<IQualityWatchDatabase> OpenDatabaseAsync();

    [Fact]
    public async Task Store_ThenFind_ReturnsTheMessagesExactly()
    {
        await using var database = await OpenDatabaseAsync();
        await using var store = new CallContentStore(database, TimeProvider.System);
        var content = Content("a", Minute, input: [new("system", "Réponds \"brièvement\".\n", false), new("user", "東京の人口は? 🙂", false)], output: [new("assistant", "約1400万人", true)]);

        await store.StoreAsync([content], CancellationToken.None);

        var found = await store.FindAsync(content.TraceId, content.SpanId, CancellationToken.None);
        Assert.NotNull(found);
        Assert.Equal(content with { Input = [], Output = [] }, found with { Input = [], Output = [] });
        Assert.Equal(content.Input, found.Input);
        Assert.Equal(content.Output, found.Output);
        Assert.Null(await store.FindAsync(content.TraceId, "ffffffffffffffff", CancellationToken.None));
    }

    [Fact]
    public async Task Store_AHugeMessageThenSmallOnes_InOneRequest_ReturnsEachExactly()
    {
        // Rows are encoded with a reused per-thread buffer: a large row must not leak into the rows after it.
        await using var database = await OpenDatabaseAsync();
        await using var store = new CallContentStore(database, TimeProvider.System);
        var huge = Content("h1", Minute, output: [new("assistant", new string('x', 300_000) + "end", false)]);
        var small = Content("h2", Minute, input: [new("user", "short", false)], output: [new("assistant", "ok", false)]);
        var empty = Content("h3", Minute, input: [], output: [new("assistant", string.Empty, false)]);

        await store.StoreAsync([huge, small, empty], CancellationToken.None);

        foreach (var content in new[] { huge, small, empty })
        {
            var found = await store.FindAsync(content.TraceId, content.SpanId, CancellationToken.None);
            Assert.NotNull(found);
            Assert.Equal(content.Input, found.Input);
            Assert.Equal(content.Output, found.Output);
        }
    }

    [Fact]
    public async Task Store_TheSameCallTwice_KeepsOneRow()
    {
        await using var database = await OpenDatabaseAsync();
        await using var store = new CallContentStore(database, TimeProvider.System);
        var first = Content("b", Minute, output: [new("assistant", "first", false)]);

        await store.StoreAsync([first], CancellationToken.None);
        await store.StoreAsync([first with { Output = [new("assistant", "retried", false)] }], CancellationToken.None);

        Assert.Equal("first", (await store.FindAsync(first.TraceId, first.SpanId, CancellationToken.None))!.Output[0].Text);
        Assert.Single(await store.ListAsync(first.Series, Minute.AddHours(-1), Minute.AddHours(1), 10, CancellationToken.None));
    }

    [Fact]
    public async Task Store_ManyConcurrentRequests_AllCommitted()
    {
        await using var database = await OpenDatabaseAsync();
        await using var store = new CallContentStore(database, TimeProvider.System);

        await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(() =>
            store.StoreAsync(Enumerable.Range(0, 5).Select(j => Content($"c{i:x2}{j:x2}", Minute.AddSeconds(j))).ToList(), CancellationToken.None))));

        Assert.Equal(200, (await store.ListAsync("openai/gpt-4o/chat", Minute.AddHours(-1), Minute.AddHours(1), 1000, CancellationToken.None)).Count);
    }

    [Fact]
    public async Task List_ReturnsOneSeriesInTheWindow_NewestFirst_UpToTheLimit()
    {
        await using var database = await OpenDatabaseAsync();
        await using var store = new CallContentStore(database, TimeProvider.System);
        await store.StoreAsync(
            [
                Content("d1", Minute.AddSeconds(10)), Content("d2", Minute.AddSeconds(20)), Content("d3", Minute.AddSeconds(30)),
                Content("d4", Minute.AddMinutes(1)), Content("d5", Minute.AddSeconds(40), series: "anthropic/claude/chat"),
            ],
            CancellationToken.None);

        var listed = await store.ListAsync("openai/gpt-4o/chat", Minute, Minute.AddMinutes(1), 2, CancellationToken.None);

        Assert.Equal([TraceId("d3"), TraceId("d2")], listed.Select(c => c.TraceId));
        Assert.Equal(Minute.AddSeconds(30), listed[0].StartTime);
        Assert.Equal("hash-d3", listed[0].ContentHash);
    }

    [Fact]
    public async Task Maintenance_DeletesContentPastItsRetention_AndKeepsTheRest()
    {
        await using var database = await OpenDatabaseAsync();
        await using var contents = new CallContentStore(database, TimeProvider.System);
        var now = DateTimeOffset.UtcNow;
        await contents.StoreAsync([Content("e1", now.AddDays(-3)), Content("e2", now.AddDays(-1))], CancellationToken.None);
        await using var telemetry = await TelemetryStore.OpenAsync(database, new TelemetryStoreOptions { ContentRetentionDays = 2, MaintenanceIntervalSeconds = 3600 }, TimeProvider.System, CancellationToken.None);

        Assert.True(await telemetry.RunMaintenanceAsync(CancellationToken.None));

        Assert.Null(await contents.FindAsync(TraceId("e1"), SpanId, CancellationToken.None));
        Assert.NotNull(await contents.FindAsync(TraceId("e2"), SpanId, CancellationToken.None));
    }

    [Fact]
    public async Task StoredSeries_AreTheMostRecentlyActive_WithinTheWindow_WithoutTheExcludedOne()
    {
        await using var database = await OpenDatabaseAsync();
        await using var telemetry = await TelemetryStore.OpenAsync(database, new TelemetryStoreOptions { MaintenanceIntervalSeconds = 3600 }, TimeProvider.System, CancellationToken.None);
        await telemetry.AppendAsync(
            [
                TelemetryEvents.Call(Minute.AddDays(-10), model: "ancient"),
                TelemetryEvents.Call(Minute.AddMinutes(1), model: "older"),
                TelemetryEvents.Call(Minute.AddMinutes(5), model: "newest"),
                TelemetryEvents.Call(Minute.AddMinutes(3), model: "middle"),
                TelemetryEvents.Call(Minute.AddMinutes(6), provider: "other", model: "other"),
                TelemetryEvents.Call(Minute, model: "newest"),
            ],
            CancellationToken.None);
        await telemetry.FlushAsync(CancellationToken.None);

        var all = await StoredSeries.RecentAsync(database, Minute.AddDays(-1), "other/other/chat", 10, CancellationToken.None);
        var two = await StoredSeries.RecentAsync(database, Minute.AddDays(-1), "other/other/chat", 2, CancellationToken.None);

        Assert.Equal(["openai/newest/chat", "openai/middle/chat", "openai/older/chat"], all);
        Assert.Equal(["openai/newest/chat", "openai/middle/chat"], two);
    }

    private const string SpanId = "00f067aa0ba902b7";

    private static string TraceId(string name) => name.PadLeft(32, '0');

    private static CallContent Content(string name, DateTimeOffset start, string series = "openai/gpt-4o/chat", IReadOnlyList<ContentMessage>? input = null, IReadOnlyList<ContentMessage>? output = null) =>
        new(TraceId(name), SpanId, series, start, "hash-" + name, input ?? [new("user", "q " + name, false)], output ?? [new("assistant", "a " + name, false)]);
}
