using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using QualityWatch.Cli.Serve;
using QualityWatch.Core.Alerts;
using QualityWatch.Core.Canaries;
using QualityWatch.Core.Findings;
using QualityWatch.Core.Telemetry;
using QualityWatch.Detection.Engine;
using QualityWatch.Storage;
using QualityWatch.Storage.Alerts;
using QualityWatch.Storage.Canaries;
using QualityWatch.Storage.Detection;
using QualityWatch.Storage.Telemetry;

namespace QualityWatch.Cli.Tests.Serve;

/// <summary>
/// <c>serve</c>'s detection loop on a real SQLite database, driven by a fake clock rather than by waiting: a pass at
/// start, then one per minute of the clock, and what is unsaved saved when the host stops.
/// </summary>
public sealed class DetectionServiceTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 11, 22, 9, 0, 30, TimeSpan.Zero);
    private static readonly DateTimeOffset StartMinute = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "qw-detection-service-" + Guid.NewGuid().ToString("N"));
    private readonly FakeTimeProvider _clock = new(Start);
    private IQualityWatchDatabase _database = null!;
    private TelemetryStore _telemetry = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        _database = await QualityWatchDatabase.OpenAsync(
            new StorageOptions { Path = Path.Combine(_directory, "qw.db") },
            [.. TelemetryStorage.Migrations, .. DetectionStorage.Migrations, .. CanaryStorage.Migrations, .. AlertStorage.Migrations],
            CancellationToken.None);
        _telemetry = await TelemetryStore.OpenAsync(_database, new TelemetryStoreOptions(), _clock, CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _telemetry.DisposeAsync();
        await _database.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task TheLoop_RunsAPassAtStart_AndOnePerMinuteOfTheClock_AndSavesAtStop()
    {
        var states = new SqlDetectionStateStore(_database);
        var canaries = new SqlCanaryResultStore(_database);
        var passes = new DetectionPasses(
            new DetectionEngine(new DetectionEngineOptions()), _telemetry, canaries, new ServeTestData.DiscardingSink(), states, new SqlAlertStore(_database),
            new DetectionEngineOptions { StateSaveIntervalMinutes = 10 }, _clock, NullLogger<DetectionPasses>.Instance);
        using var service = new DetectionService(passes, _clock);

        await service.StartAsync(CancellationToken.None);
        // The pass at start saves the first state (nothing was saved before).
        Assert.Equal(StartMinute, await SavedAtAsync(states, StartMinute));

        // A canary result arrives; the next pass is a minute of the clock away, and saves right after taking it.
        await canaries.AppendAsync([ServeTestData.CanaryResult(Start.AddSeconds(5))], CancellationToken.None);
        _clock.Advance(TimeSpan.FromSeconds(59));
        await Task.Delay(200);
        Assert.Equal(StartMinute, (await states.LoadAsync(SqlDetectionStateStore.DefaultEngineId, CancellationToken.None))?.SavedAt);
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(StartMinute.AddMinutes(1), await SavedAtAsync(states, StartMinute.AddMinutes(1)));

        // Two quiet minutes are not saved (the interval is ten) until the host stops.
        _clock.Advance(TimeSpan.FromMinutes(1));
        _clock.Advance(TimeSpan.FromMinutes(1));
        await Task.Delay(200);
        await service.StopAsync(CancellationToken.None);
        Assert.Equal(StartMinute.AddMinutes(3), (await states.LoadAsync(SqlDetectionStateStore.DefaultEngineId, CancellationToken.None))?.SavedAt);
    }

    /// <summary>The saved state's time once it reaches <paramref name="expected"/> (the loop runs on its own task; bounded).</summary>
    private static async Task<DateTimeOffset?> SavedAtAsync(SqlDetectionStateStore states, DateTimeOffset expected)
    {
        DateTimeOffset? saved = null;
        for (var attempt = 0; attempt < 100 && saved != expected; attempt++)
        {
            saved = (await states.LoadAsync(SqlDetectionStateStore.DefaultEngineId, CancellationToken.None))?.SavedAt;
            if (saved != expected)
            {
                await Task.Delay(50);
            }
        }

        return saved;
    }
}
