using Microsoft.Extensions.Logging.Abstractions;
using QualityWatch.Cli.Serve;
using QualityWatch.Core.Canaries;
using QualityWatch.Core.Findings;
using QualityWatch.Core.Telemetry;
using QualityWatch.Detection.Engine;
using QualityWatch.Simulator;
using QualityWatch.Storage;
using QualityWatch.Storage.Canaries;
using QualityWatch.Storage.Detection;
using QualityWatch.Storage.Telemetry;

namespace QualityWatch.Cli.Tests.Serve;

/// <summary>
/// <c>serve</c>'s detection passes on a real SQLite database and telemetry store, on a clock the test moves: when the
/// engine's state is saved, and what a restart after unsaved passes evaluates.
/// </summary>
public sealed class DetectionPassesTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 11, 22, 9, 0, 30, TimeSpan.Zero);
    private static readonly DateTimeOffset StartMinute = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "qw-detection-passes-" + Guid.NewGuid().ToString("N"));
    private readonly VirtualClock _clock = new(Start, speed: 0);
    private IQualityWatchDatabase _database = null!;
    private TelemetryStore _telemetry = null!;
    private SqlDetectionStateStore _states = null!;
    private SqlCanaryResultStore _canaries = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        _database = await QualityWatchDatabase.OpenAsync(
            new StorageOptions { Path = Path.Combine(_directory, "qw.db") },
            [.. TelemetryStorage.Migrations, .. DetectionStorage.Migrations, .. CanaryStorage.Migrations],
            CancellationToken.None);
        _telemetry = await TelemetryStore.OpenAsync(_database, new TelemetryStoreOptions(), _clock, CancellationToken.None);
        _states = new SqlDetectionStateStore(_database);
        _canaries = new SqlCanaryResultStore(_database);
    }

    public async Task DisposeAsync()
    {
        await _telemetry.DisposeAsync();
        await _database.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Passes_ThatTakeNoCanaryResultsAndRaiseNothing_SaveOnlyEveryInterval()
    {
        var passes = Passes(new DetectionEngine(new DetectionEngineOptions()), interval: 10);
        var until = await passes.RestoreAsync(CancellationToken.None);
        Assert.Equal(StartMinute.AddHours(-1), until);

        until = await passes.PassAsync(until, CancellationToken.None);
        Assert.Equal(StartMinute, await SavedUntilAsync());

        for (var minute = 1; minute <= 9; minute++)
        {
            _clock.Advance(TimeSpan.FromMinutes(1));
            until = await passes.PassAsync(until, CancellationToken.None);
            Assert.Equal(StartMinute.AddMinutes(minute), until);
            Assert.Equal(StartMinute, await SavedUntilAsync());
        }

        _clock.Advance(TimeSpan.FromMinutes(1));
        until = await passes.PassAsync(until, CancellationToken.None);
        Assert.Equal(StartMinute.AddMinutes(10), await SavedUntilAsync());
    }

    [Fact]
    public async Task APass_ThatTakesCanaryResults_SavesRightAway()
    {
        var passes = Passes(new DetectionEngine(new DetectionEngineOptions()), interval: 10);
        var until = await passes.PassAsync(await passes.RestoreAsync(CancellationToken.None), CancellationToken.None);
        _clock.Advance(TimeSpan.FromMinutes(1));
        until = await passes.PassAsync(until, CancellationToken.None);
        Assert.Equal(StartMinute, await SavedUntilAsync());

        _clock.Advance(TimeSpan.FromMinutes(1));
        await _canaries.AppendAsync([Result(_clock.GetUtcNow().AddSeconds(-20))], CancellationToken.None);
        until = await passes.PassAsync(until, CancellationToken.None);

        Assert.Equal(StartMinute.AddMinutes(2), until);
        Assert.Equal(until, await SavedUntilAsync());
    }

    [Fact]
    public async Task SaveUnsaved_AtShutdown_SavesTheLastPass_AndNothingWhenAllIsSaved()
    {
        var passes = Passes(new DetectionEngine(new DetectionEngineOptions()), interval: 10);
        var until = await passes.PassAsync(await passes.RestoreAsync(CancellationToken.None), CancellationToken.None);
        await passes.SaveUnsavedAsync(CancellationToken.None);
        Assert.Equal(StartMinute, await SavedUntilAsync());

        _clock.Advance(TimeSpan.FromMinutes(3));
        until = await passes.PassAsync(until, CancellationToken.None);
        Assert.Equal(StartMinute, await SavedUntilAsync());

        await passes.SaveUnsavedAsync(CancellationToken.None);

        Assert.Equal(StartMinute.AddMinutes(3), await SavedUntilAsync());
    }

    [Fact]
    public async Task ARestart_AfterUnsavedPasses_EvaluatesTheStoredBucketsSinceTheLastSave()
    {
        var engine = new DetectionEngine(new DetectionEngineOptions());
        var passes = Passes(engine, interval: 10);
        var until = await passes.RestoreAsync(CancellationToken.None);
        for (var minute = 0; minute < 6; minute++)
        {
            await _telemetry.AppendAsync([Call(_clock.GetUtcNow().AddSeconds(-10))], CancellationToken.None);
            _clock.Advance(TimeSpan.FromMinutes(1));
            until = await passes.PassAsync(until, CancellationToken.None);
        }

        // Saved after the first pass only; the engine itself has seen every minute.
        Assert.Equal(StartMinute.AddMinutes(1), await SavedUntilAsync());
        Assert.Contains(LastBucket(StartMinute.AddMinutes(5)), engine.Snapshot().ToJson(), StringComparison.Ordinal);

        // A crash: a new engine restores the saved state, which has seen only the first minute…
        var restarted = new DetectionEngine(new DetectionEngineOptions());
        var after = Passes(restarted, interval: 10);
        var restoredUntil = await after.RestoreAsync(CancellationToken.None);
        Assert.Equal(StartMinute.AddMinutes(1), restoredUntil);
        Assert.DoesNotContain(LastBucket(StartMinute.AddMinutes(5)), restarted.Snapshot().ToJson(), StringComparison.Ordinal);

        // …and its first pass evaluates the stored minutes since then.
        await after.PassAsync(restoredUntil, CancellationToken.None);
        Assert.Contains(LastBucket(StartMinute.AddMinutes(5)), restarted.Snapshot().ToJson(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1441)]
    public void Options_OutOfRange_FailWithTheKeyNamed(int minutes)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new DetectionEngineOptions { StateSaveIntervalMinutes = minutes }.Validate());

        Assert.Contains("Detection.StateSaveIntervalMinutes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CanaryResults_StoredByAnyReplica_ReachTheEngineOnce_AndTheWatermarkPassesThemWhenSettled()
    {
        var engine = new DetectionEngine(new DetectionEngineOptions());
        var passes = Passes(engine, interval: 10);
        var until = await passes.PassAsync(await passes.RestoreAsync(CancellationToken.None), CancellationToken.None);

        // Another replica's runner stored three results (nothing in this process's memory).
        await _canaries.AppendAsync([Result(Start.AddSeconds(-20)), Result(Start.AddSeconds(-10)) with { CaseId = "two" }, Result(Start) with { CaseId = "three" }], CancellationToken.None);
        _clock.Advance(TimeSpan.FromMinutes(1));
        until = await passes.PassAsync(until, CancellationToken.None);
        Assert.Equal(0, await WatermarkAsync());

        // Read again while they settle: the engine ignores results it has seen.
        _clock.Advance(DetectionPasses.CanarySettleTime);
        until = await passes.PassAsync(until, CancellationToken.None);

        Assert.Equal(3, await WatermarkAsync());
        Assert.Equal(3, SeenResults(engine));
    }

    [Fact]
    public async Task APassThatFails_ReadsTheSameCanaryResultsAgainNextTime()
    {
        var sink = new FailingOnceSink();
        var engine = new DetectionEngine(new DetectionEngineOptions());
        var passes = Passes(engine, interval: 10, sink);
        var until = await passes.PassAsync(await passes.RestoreAsync(CancellationToken.None), CancellationToken.None);
        await _canaries.AppendAsync([Result(Start.AddSeconds(-20))], CancellationToken.None);
        _clock.Advance(TimeSpan.FromMinutes(1));
        sink.FailNext = true;

        var failed = await passes.PassAsync(until, CancellationToken.None);
        Assert.Equal(0, SeenResults(engine));

        var retried = await passes.PassAsync(failed, CancellationToken.None);

        Assert.Equal(StartMinute.AddMinutes(1), retried);
        Assert.Equal(1, SeenResults(engine));
        Assert.Equal(3, sink.ResultsPublishedTo);
        Assert.Equal(retried, await SavedUntilAsync());
    }

    private static string LastBucket(DateTimeOffset minute) => $"\"LastBucketStart\":\"{minute:yyyy-MM-ddTHH:mm:ss}+00:00\"";

    private static TelemetryEvent Call(DateTimeOffset start)
    {
        var call = new LlmCall(start, TimeSpan.FromSeconds(0.5), null, "openai", "gpt-4o", "gpt-4o-2025", "chat", 10, 20, "stop", null, new SortedDictionary<string, string>(StringComparer.Ordinal), null);
        return new TelemetryEvent(SeriesKey.Of("openai", "gpt-4o"), call, 0m, 0, 0);
    }

    private static CanaryResult Result(DateTimeOffset timestamp) => new(
        "run-1", 1, timestamp, "openai", "gpt-4o", "smoke", "capital-of-france", "factual", CanaryOutcome.Passed, TimeSpan.FromSeconds(0.4), null, 10, 2, 0m, "stop", null, "Paris", "Paris", [], "fp_a", new Dictionary<string, string>());

    private DetectionPasses Passes(DetectionEngine engine, int interval, IFindingSink? sink = null) =>
        new(engine, _telemetry, _canaries, sink ?? new DiscardingSink(), _states, new DetectionEngineOptions { StateSaveIntervalMinutes = interval }, _clock, NullLogger<DetectionPasses>.Instance);

    private async Task<long> WatermarkAsync() =>
        (await _states.LoadAsync(DetectionPasses.CanaryWatermarkId, CancellationToken.None)) is { } saved ? BitConverter.ToInt64(saved.State) : 0;

    private async Task<DateTimeOffset?> SavedUntilAsync() => (await _states.LoadAsync(SqlDetectionStateStore.DefaultEngineId, CancellationToken.None))?.SavedAt;

    private static int SeenResults(DetectionEngine engine)
    {
        using var json = System.Text.Json.JsonDocument.Parse(engine.Snapshot().ToJson());
        return json.RootElement.GetProperty("SeenCanaryResults").GetArrayLength();
    }

    private sealed class FailingOnceSink : IFindingSink
    {
        public bool FailNext { get; set; }

        public int ResultsPublishedTo { get; private set; }

        public Task PublishAsync(IReadOnlyList<Finding> findings, IReadOnlyList<SeriesKey> healthySeries, DateTimeOffset evaluatedAt, CancellationToken cancellationToken)
        {
            ResultsPublishedTo++;
            if (FailNext)
            {
                FailNext = false;
                throw new InvalidOperationException("alert store unavailable");
            }

            return Task.CompletedTask;
        }
    }

    private sealed class DiscardingSink : IFindingSink
    {
        public Task PublishAsync(IReadOnlyList<Finding> findings, IReadOnlyList<SeriesKey> healthySeries, DateTimeOffset evaluatedAt, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
