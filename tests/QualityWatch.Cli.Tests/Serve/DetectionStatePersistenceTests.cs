using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using QualityWatch.Cli.Serve;
using QualityWatch.Core.Canaries;
using QualityWatch.Detection.Engine;
using QualityWatch.Storage;
using QualityWatch.Storage.Detection;

namespace QualityWatch.Cli.Tests.Serve;

/// <summary>
/// The engine's state on a real SQLite database: the snapshot every save, the fingerprint's pool checkpoint only when
/// a new one was taken, and a restore that puts both back.
/// </summary>
public sealed class DetectionStatePersistenceTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "qw-detection-state-" + Guid.NewGuid().ToString("N"));
    private IQualityWatchDatabase _database = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        _database = await QualityWatchDatabase.OpenAsync(new StorageOptions { Path = Path.Combine(_directory, "qw.db") }, DetectionStorage.Migrations, CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task The_pool_checkpoint_is_stored_only_when_a_new_one_was_taken_and_a_restore_gets_the_same_state_back()
    {
        var store = new SqlDetectionStateStore(_database);
        var engine = new DetectionEngine(new DetectionEngineOptions());
        var persistence = new DetectionStatePersistence(store, "default", NullLogger.Instance);
        var poolSaves = new HashSet<DateTimeOffset>();
        // Two models, 40 answers each a round: 2,400 answers pooled, a checkpoint every 1,000.
        for (int round = 1; round <= 30; round++)
        {
            var at = T0.AddMinutes(10 * round);
            engine.Process([], [.. Round(round, "gpt-4o-mini", "Sure! "), .. Round(round, "gpt-4.1", "### Answer\n")], at);
            await persistence.SaveAsync(engine, at, CancellationToken.None);
            if (await store.LoadAsync(DetectionStatePersistence.PoolId("default"), CancellationToken.None) is { } pool)
            {
                poolSaves.Add(pool.SavedAt);
            }
        }

        Assert.Equal(2, engine.Snapshot().FingerprintPool!.Generation);
        Assert.Equal(2, poolSaves.Count);
        Assert.Equal(T0.AddMinutes(300), (await store.LoadAsync("default", CancellationToken.None))!.Value.SavedAt);

        var restored = new DetectionEngine(new DetectionEngineOptions());
        Assert.Equal(T0.AddMinutes(300), await new DetectionStatePersistence(store, "default", NullLogger.Instance).RestoreAsync(restored, CancellationToken.None));
        Assert.Equal(engine.Snapshot().ToJson(), restored.Snapshot().ToJson());
        Assert.Equal(engine.Snapshot().FingerprintPool!.Bytes.ToArray(), restored.Snapshot().FingerprintPool!.Bytes.ToArray());
    }

    [Fact]
    public async Task An_unreadable_pool_checkpoint_restores_the_rest_and_is_replaced_at_the_next_save()
    {
        var store = new SqlDetectionStateStore(_database);
        var engine = new DetectionEngine(new DetectionEngineOptions());
        for (int round = 1; round <= 14; round++)
        {
            engine.Process([], [.. Round(round, "gpt-4o-mini", "Sure! "), .. Round(round, "gpt-4.1", "### Answer\n")], T0.AddMinutes(10 * round));
        }

        await new DetectionStatePersistence(store, "default", NullLogger.Instance).SaveAsync(engine, T0, CancellationToken.None);
        await store.SaveAsync(DetectionStatePersistence.PoolId("default"), "not a checkpoint"u8.ToArray(), T0, CancellationToken.None);

        var restored = new DetectionEngine(new DetectionEngineOptions());
        var persistence = new DetectionStatePersistence(store, "default", NullLogger.Instance);
        Assert.Equal(T0, await persistence.RestoreAsync(restored, CancellationToken.None));
        Assert.Equal(engine.Scores, restored.Scores);
        await persistence.SaveAsync(restored, T0.AddMinutes(1), CancellationToken.None);

        var checkpoint = FingerprintPoolSnapshot.FromBytes((await store.LoadAsync(DetectionStatePersistence.PoolId("default"), CancellationToken.None))!.Value.State);
        Assert.Equal(restored.Snapshot().FingerprintPool!.Generation, checkpoint.Generation);
    }

    private static List<CanaryResult> Round(int round, string model, string habit) =>
    [
        .. Enumerable.Range(0, 40).Select(i => new CanaryResult(
            "run-1", round, T0.AddMinutes(10 * round).AddSeconds(i), "openai", model, "smoke", $"explain-{i:D3}", "explain", CanaryOutcome.Passed,
            TimeSpan.FromMilliseconds(400), null, 20, 40, 0m, "stop", null, "a sensible answer",
            $"{habit}Case {i} in round {(i % 7 == 0 ? round : 0).ToString(CultureInfo.InvariantCulture)}: it depends on the context.", [], null, new Dictionary<string, string>())),
    ];
}
