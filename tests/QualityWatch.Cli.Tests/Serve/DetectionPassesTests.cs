using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using QualityWatch.Alerts;
using QualityWatch.Cli.Serve;
using QualityWatch.Core.Alerts;
using QualityWatch.Core.Canaries;
using QualityWatch.Core.Findings;
using QualityWatch.Core.Telemetry;
using QualityWatch.Detection.Engine;
using QualityWatch.Simulator;
using QualityWatch.Storage;
using QualityWatch.Storage.Alerts;
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
            [.. TelemetryStorage.Migrations, .. DetectionStorage.Migrations, .. CanaryStorage.Migrations, .. AlertStorage.Migrations],
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
        await _canaries.AppendAsync([ServeTestData.CanaryResult(_clock.GetUtcNow().AddSeconds(-20))], CancellationToken.None);
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
        await _canaries.AppendAsync([ServeTestData.CanaryResult(Start.AddSeconds(-20)), ServeTestData.CanaryResult(Start.AddSeconds(-10)) with { CaseId = "two" }, ServeTestData.CanaryResult(Start) with { CaseId = "three" }], CancellationToken.None);
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
        await _canaries.AppendAsync([ServeTestData.CanaryResult(Start.AddSeconds(-20))], CancellationToken.None);
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

    [Fact]
    public async Task ARestart_WithoutSavedState_NeitherResolvesNorRaisesAgain_TheIncidentsOpenAtTheTime()
    {
        await using var alertServices = AlertServices();
        var alerts = alertServices.GetRequiredService<IAlertStore>();
        var sink = alertServices.GetRequiredService<IFindingSink>();
        var series = SeriesKey.Of("openai", "gpt-4o");
        // The replica that ran before raised a latency drift; its detection state is gone (never saved, or reset).
        await sink.PublishAsync([LatencyDrift(series, _clock.GetUtcNow())], [], _clock.GetUtcNow(), CancellationToken.None);
        var before = Assert.Single(await alerts.ListOpenAsync(CancellationToken.None));

        var engine = new DetectionEngine(new DetectionEngineOptions());
        var passes = Passes(engine, interval: 10, sink, alerts);
        var until = await passes.RestoreAsync(CancellationToken.None);
        Assert.Equal([new OpenEpisode(series.Canonical, FindingKinds.LatencyDrift)], engine.InheritedEpisodes);

        // An hour of calls on the series: a rebuilt baseline sees nothing wrong, which is not evidence of recovery.
        for (var minute = 0; minute < 60; minute++)
        {
            await _telemetry.AppendAsync([Call(_clock.GetUtcNow().AddSeconds(-10))], CancellationToken.None);
            _clock.Advance(TimeSpan.FromMinutes(1));
            until = await passes.PassAsync(until, CancellationToken.None);
        }

        var after = Assert.Single(await alerts.ListOpenAsync(CancellationToken.None));
        Assert.Equal(before.Id, after.Id);
        Assert.Equal(before.IncidentId, after.IncidentId);
        Assert.Equal(AlertState.Firing, after.State);
        Assert.Equal(0, after.HealthyChecks);
        Assert.Single(await alerts.QueryIncidentsAsync(new IncidentQuery(), CancellationToken.None));

        // Taken over in the saved state too: the next restart restores it instead of inheriting again.
        var next = new DetectionEngine(new DetectionEngineOptions());
        await Passes(next, interval: 10, sink, alerts).RestoreAsync(CancellationToken.None);
        Assert.Equal(engine.InheritedEpisodes, next.InheritedEpisodes);
    }

    [Fact]
    public async Task AStart_WithoutSavedState_OnADatabaseWithoutOpenAlerts_InheritsNothing()
    {
        await using var alertServices = AlertServices();
        var engine = new DetectionEngine(new DetectionEngineOptions());
        await Passes(engine, interval: 10, alertServices.GetRequiredService<IFindingSink>(), alertServices.GetRequiredService<IAlertStore>()).RestoreAsync(CancellationToken.None);
        Assert.Empty(engine.InheritedEpisodes);
    }

    [Fact]
    public async Task ALeaderKilledAfterPublishingAndBeforeSaving_IsReplacedWithoutADuplicateIncidentOrADoubleCountedResult()
    {
        await using var alertServices = AlertServices();
        var alerts = alertServices.GetRequiredService<IAlertStore>();
        var pipeline = alertServices.GetRequiredService<IFindingSink>();
        var random = new Random(7);
        // Ten hours of canary rounds, 20 cases every 5 minutes, settled (older than the settle time): healthy, then a
        // quarter of the answers wrong from the sixth hour — a quality regression the engine raises.
        // The last healthy rounds are younger than the settle time when the leader first reads them: its saved state
        // holds them but the watermark stays before them, so the successor reads them a second time.
        var healthy = Rounds(1, 72, failRate: 0.03, random).Concat(Rounds(1, 2, failRate: 0.03, random, runId: "run-2", start: Start.AddMinutes(-13))).ToList();
        var faulty = Rounds(73, 120, failRate: 0.3, random);

        var leader = new DetectionEngine(new DetectionEngineOptions());
        var dying = new DyingSink(pipeline);
        var leaderPasses = Passes(leader, interval: 10, dying, alerts);
        var until = await leaderPasses.RestoreAsync(CancellationToken.None);
        await _canaries.AppendAsync(healthy, CancellationToken.None);
        until = await leaderPasses.PassAsync(until, CancellationToken.None);
        Assert.Empty(await alerts.ListOpenAsync(CancellationToken.None));

        // The leader publishes the regression (the incident opens), then dies before it saves state or watermark.
        await _canaries.AppendAsync(faulty, CancellationToken.None);
        _clock.Advance(TimeSpan.FromMinutes(1));
        dying.DieAfterNextPublish = true;
        await Assert.ThrowsAsync<OperationCanceledException>(() => leaderPasses.PassAsync(until, CancellationToken.None));
        var opened = Assert.Single(await alerts.ListOpenAsync(CancellationToken.None));

        // Another replica takes over from the saved state and reads the same results again.
        var successor = new DetectionEngine(new DetectionEngineOptions());
        var successorPasses = Passes(successor, interval: 10, pipeline, alerts);
        until = await successorPasses.RestoreAsync(CancellationToken.None);
        until = await successorPasses.PassAsync(until, CancellationToken.None);

        var stillOpen = Assert.Single(await alerts.ListOpenAsync(CancellationToken.None));
        Assert.Equal(opened.Id, stillOpen.Id);
        Assert.Single(await alerts.QueryIncidentsAsync(new IncidentQuery(), CancellationToken.None));
        Assert.Empty(successor.InheritedEpisodes);

        // Every result counted once: the successor's canary state is the state of a replica that never failed.
        var uninterrupted = new DetectionEngine(new DetectionEngineOptions());
        uninterrupted.Process([], healthy, StartMinute);
        uninterrupted.Process([], faulty, StartMinute.AddMinutes(1));
        Assert.Equal(CanaryState(uninterrupted), CanaryState(successor));
        Assert.Equal(healthy.Count + faulty.Count, SeenResults(successor));
    }

    private static List<CanaryResult> Rounds(int first, int last, double failRate, Random random, string runId = "run-1", DateTimeOffset? start = null) =>
        [.. Enumerable.Range(first, last - first + 1).SelectMany(round => Enumerable.Range(0, 20).Select(i =>
        {
            bool passed = random.NextDouble() >= failRate;
            return new CanaryResult(runId, round, (start ?? Start.AddHours(-11)).AddMinutes(round * 5).AddSeconds(i), "openai", "gpt-4o", "smoke", $"case-{i}", i % 2 == 0 ? "math" : "code",
                passed ? CanaryOutcome.Passed : CanaryOutcome.Failed, TimeSpan.FromSeconds(0.4), null, 10, 2, 0m, "stop", null, "42", passed ? "42" : "41", passed ? [] : ["expected 42"], "fp_a", new Dictionary<string, string>());
        }))];

    private static string CanaryState(DetectionEngine engine)
    {
        using var json = System.Text.Json.JsonDocument.Parse(engine.Snapshot().ToJson());
        return json.RootElement.GetProperty("Canaries").GetRawText();
    }

    private ServiceProvider AlertServices()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Path"] = Path.Combine(_directory, "qw.db"),
            // Quick recovery, so that a wrong "healthy" would resolve the alert within the test's hour.
            ["Alerts:RecoveryChecks"] = "2",
            ["Alerts:AutoResolveAfter"] = "00:02:00",
        }).Build();
        // The alerts on the test's database (already migrated), as serve's composition shares one database.
        return new ServiceCollection().AddLogging().AddSingleton<TimeProvider>(_clock).AddSingleton<IConfiguration>(configuration)
            .AddSingleton(_database).AddSingleton<IAlertStore>(new SqlAlertStore(_database))
            .AddQualityWatchAlerts(configuration).BuildServiceProvider();
    }

    private static Finding LatencyDrift(SeriesKey series, DateTimeOffset at) => new(
        FindingKinds.LatencyDrift, "mann-whitney", series, new Dictionary<string, string>(), at, at.AddMinutes(-30), "U", 1152, 0, 1e-6, null,
        new ValueWithInterval(0.5, 0.45, 0.55, 600, "s"), new ValueWithInterval(0.9, 0.85, 0.95, 60, "s"), "median latency 500 ms → 900 ms", []);

    private static string LastBucket(DateTimeOffset minute) => $"\"LastBucketStart\":\"{minute:yyyy-MM-ddTHH:mm:ss}+00:00\"";

    private static TelemetryEvent Call(DateTimeOffset start)
    {
        var call = new LlmCall(start, TimeSpan.FromSeconds(0.5), null, "openai", "gpt-4o", "gpt-4o-2025", "chat", 10, 20, "stop", null, new SortedDictionary<string, string>(StringComparer.Ordinal), null);
        return new TelemetryEvent(SeriesKey.Of("openai", "gpt-4o"), call, 0m, 0, 0);
    }

    private DetectionPasses Passes(DetectionEngine engine, int interval, IFindingSink? sink = null, IAlertStore? alerts = null) =>
        new(engine, _telemetry, _canaries, sink ?? new ServeTestData.DiscardingSink(), _states, alerts ?? new SqlAlertStore(_database), new DetectionEngineOptions { StateSaveIntervalMinutes = interval }, _clock, NullLogger<DetectionPasses>.Instance);

    private async Task<long> WatermarkAsync() =>
        (await _states.LoadAsync(DetectionPasses.CanaryWatermarkId, CancellationToken.None)) is { } saved ? BitConverter.ToInt64(saved.State) : 0;

    private async Task<DateTimeOffset?> SavedUntilAsync() => (await _states.LoadAsync(SqlDetectionStateStore.DefaultEngineId, CancellationToken.None))?.SavedAt;

    private static int SeenResults(DetectionEngine engine)
    {
        using var json = System.Text.Json.JsonDocument.Parse(engine.Snapshot().ToJson());
        return json.RootElement.GetProperty("SeenCanaryOrder").GetArrayLength();
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

    /// <summary>Publishes to the real pipeline; when told, "dies" right after the next publish (the pass never returns
    /// to save its state, as with SIGKILL).</summary>
    private sealed class DyingSink(IFindingSink inner) : IFindingSink
    {
        public bool DieAfterNextPublish { get; set; }

        public async Task PublishAsync(IReadOnlyList<Finding> findings, IReadOnlyList<SeriesKey> healthySeries, DateTimeOffset evaluatedAt, CancellationToken cancellationToken)
        {
            await inner.PublishAsync(findings, healthySeries, evaluatedAt, cancellationToken);
            if (DieAfterNextPublish)
            {
                throw new OperationCanceledException("killed");
            }
        }
    }
}
