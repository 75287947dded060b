using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using QualityWatch.Core.Canaries;
using QualityWatch.Core.Findings;
using QualityWatch.Detection.Engine;
using QualityWatch.Detection.Fingerprints;
using Xunit.Abstractions;

namespace QualityWatch.Detection.Tests.Fingerprints;

/// <summary>
/// The fingerprint's answer pool persisted apart from the engine snapshot: a checkpoint record stored only when a new
/// one was taken, and in the snapshot the answers pooled since. Four configured models (<see cref="StyledModels"/>,
/// 40 cases a round), as in <see cref="ModelFingerprintEngineTests"/>.
/// </summary>
public sealed class FingerprintPoolPersistenceTests(ITestOutputHelper output)
{
    private const int Capacity = 1_000;

    [Fact]
    public void The_snapshot_carries_only_the_answers_pooled_since_the_last_checkpoint()
    {
        var engine = new DetectionEngine(new DetectionEngineOptions());
        for (int round = 1; round <= 40; round++)
        {
            engine.Process([], Round(round), StyledModels.T0.AddMinutes(10 * round));
        }

        var snapshot = engine.Snapshot();
        using var state = JsonDocument.Parse(snapshot.ToJson());
        var fingerprint = state.RootElement.GetProperty("Fingerprint");
        Assert.False(fingerprint.TryGetProperty("Pool", out _));
        int tail = fingerprint.GetProperty("AnswerPool").GetProperty("Tail").EnumerateObject().Sum(t => t.Value.GetArrayLength());
        Assert.InRange(tail, 0, Capacity - 1);

        var checkpoint = Assert.IsType<FingerprintPoolSnapshot>(snapshot.FingerprintPool);
        Assert.Equal(fingerprint.GetProperty("AnswerPool").GetProperty("Generation").GetInt64(), checkpoint.Generation);
        var pool = PooledAnswers.Of(engine);
        Assert.Equal(4 * Capacity, pool.Values.Sum(p => p.Count));
        // The checkpoint and the tail together hold the pool (the checkpoint's oldest may since have dropped out).
        Assert.InRange(FingerprintPoolSnapshot.FromBytes(checkpoint.Bytes.Span).Record.Answers.Values.Sum(p => p.Count), 4 * Capacity - tail, 4 * Capacity);
    }

    /// <summary>
    /// Warm-up, first training, retraining, a swap that stays (its pool emptied and learnt afresh): an engine saved and
    /// restored after every pass — the checkpoint stored only when it changed — scores, raises and retrains exactly like
    /// one that never restarted, and its snapshots are the same.
    /// </summary>
    [Fact]
    public void An_engine_restored_after_every_pass_scores_raises_and_retrains_like_one_that_never_restarted()
    {
        var original = new DetectionEngine(new DetectionEngineOptions());
        var store = new Store();
        var restarted = new DetectionEngine(new DetectionEngineOptions());
        int checkpointsStored = 0;
        for (int round = 1; round <= 90; round++)
        {
            var results = round <= 30 ? Round(round) : Round(round, StyledModels.Sonnet, swapShare: 1);
            var at = StyledModels.T0.AddMinutes(10 * round);
            var expected = original.Process([], results, at).Findings;
            var actual = restarted.Process([], results, at).Findings;

            Assert.Equal(expected.Select(Describe), actual.Select(Describe));
            Assert.Equal(original.Scores, restarted.Scores);
            Assert.Equal(Comparable(original.Snapshot()), Comparable(restarted.Snapshot()));
            checkpointsStored += store.Save(restarted.Snapshot()) ? 1 : 0;
            restarted = new DetectionEngine(new DetectionEngineOptions());
            restarted.Restore(store.Load());
        }

        using var state = JsonDocument.Parse(restarted.Snapshot().ToJson());
        var fingerprint = state.RootElement.GetProperty("Fingerprint");
        output.WriteLine($"{checkpointsStored} checkpoints stored in 90 passes; last training on {fingerprint.GetProperty("LastTrainingRows").GetInt32()} answers");
        // The swap that stayed was accepted and its model learnt afresh: retrained after the restarts, from the pool.
        Assert.False(fingerprint.GetProperty("Monitors").GetProperty(StyledModels.Mini.Identity).GetProperty("Relearning").GetBoolean());
        Assert.InRange(checkpointsStored, 2, 90 / 4);
        Assert.Equal(Texts(PooledAnswers.Of(original)), Texts(PooledAnswers.Of(restarted)));
    }

    [Fact]
    public void A_snapshot_written_with_the_whole_pool_inside_still_restores_and_writes_its_pool_as_a_checkpoint_next()
    {
        var original = new DetectionEngine(new DetectionEngineOptions());
        for (int round = 1; round <= 40; round++)
        {
            original.Process([], Round(round), StyledModels.T0.AddMinutes(10 * round));
        }

        var restored = new DetectionEngine(new DetectionEngineOptions());
        restored.Restore(DetectionStateSnapshot.FromBytes(LegacySnapshot(original)));
        var checkpoint = Assert.IsType<FingerprintPoolSnapshot>(restored.Snapshot().FingerprintPool);
        Assert.Equal(PooledAnswers.Of(original).Values.Sum(p => p.Count), checkpoint.Record.Answers.Values.Sum(p => p.Count));

        for (int round = 41; round <= 75; round++)
        {
            var results = Round(round);
            original.Process([], results, StyledModels.T0.AddMinutes(10 * round));
            restored.Process([], results, StyledModels.T0.AddMinutes(10 * round));
            Assert.Equal(original.Scores, restored.Scores);
        }

        Assert.Equal(Fingerprint(original, "Calibrations"), Fingerprint(restored, "Calibrations"));
        Assert.Equal(Fingerprint(original, "LastTrainingRows"), Fingerprint(restored, "LastTrainingRows"));
    }

    [Fact]
    public void Without_its_checkpoint_a_snapshot_restores_the_trained_model_and_a_pool_of_the_answers_it_carries()
    {
        var original = new DetectionEngine(new DetectionEngineOptions());
        for (int round = 1; round <= 40; round++)
        {
            original.Process([], Round(round), StyledModels.T0.AddMinutes(10 * round));
        }

        var snapshot = original.Snapshot();
        Assert.NotEmpty(TailOf(snapshot));
        var restored = new DetectionEngine(new DetectionEngineOptions());
        restored.Restore(DetectionStateSnapshot.FromBytes(snapshot.Bytes.Span, null));

        Assert.Equal(Texts(TailOf(snapshot)), Texts(PooledAnswers.Of(restored)));
        // A checkpoint of a new generation, so the next save stores the smaller pool in place of the lost one.
        Assert.True(restored.Snapshot().FingerprintPool!.Generation > snapshot.FingerprintPool!.Generation);
        for (int round = 41; round <= 44; round++)
        {
            var results = Round(round, swapShare: 0.4);
            Assert.Equal(
                original.Process([], results, StyledModels.T0.AddMinutes(10 * round)).Findings.Select(Describe),
                restored.Process([], results, StyledModels.T0.AddMinutes(10 * round)).Findings.Select(Describe));
            Assert.Equal(original.Scores, restored.Scores);
        }
    }

    /// <summary>
    /// The figures in docs/benchmarks.md: four models with full pools (40 rounds), then 60 passes of one round each (160
    /// answers); per pass the snapshot, its fingerprint part, and the checkpoint record when a new one was taken.
    /// </summary>
    [Fact]
    public void Snapshot_size_and_serialisation_time_with_four_models()
    {
        var engine = new DetectionEngine(new DetectionEngineOptions());
        for (int round = 1; round <= 40; round++)
        {
            engine.Process([], Round(round), StyledModels.T0.AddMinutes(10 * round));
        }

        long? stored = engine.Snapshot().FingerprintPool?.Generation;
        long json = 0, maxJson = 0, fingerprint = 0, maxFingerprint = 0, gzip = 0, checkpoints = 0, checkpointJson = 0, checkpointGzip = 0;
        double milliseconds = 0;
        const int Passes = 60;
        for (int round = 41; round < 41 + Passes; round++)
        {
            engine.Process([], Round(round), StyledModels.T0.AddMinutes(10 * round));
            var clock = Stopwatch.StartNew();
            var snapshot = engine.Snapshot();
            gzip += snapshot.Bytes.Length;
            if (snapshot.FingerprintPool is { } pool && pool.Generation != stored)
            {
                checkpointGzip += pool.Bytes.Length;
                checkpoints++;
                stored = pool.Generation;
                checkpointJson += JsonSerializer.SerializeToUtf8Bytes(pool.Record).Length;
            }

            milliseconds += clock.Elapsed.TotalMilliseconds;
            using var state = JsonDocument.Parse(snapshot.ToJson());
            int size = Encoding.UTF8.GetByteCount(snapshot.ToJson());
            int part = Encoding.UTF8.GetByteCount(state.RootElement.GetProperty("Fingerprint").GetRawText());
            (json, maxJson, fingerprint, maxFingerprint) = (json + size, Math.Max(maxJson, size), fingerprint + part, Math.Max(maxFingerprint, part));
        }

        output.WriteLine($"per pass: snapshot JSON mean {json / Passes:N0} B (max {maxJson:N0}), of which the fingerprint mean {fingerprint / Passes:N0} B (max {maxFingerprint:N0}); " +
            $"gzip mean {gzip / Passes:N0} B; checkpoint records {checkpoints} in {Passes} passes, {checkpointJson / Math.Max(1, checkpoints):N0} B JSON, {checkpointGzip / Math.Max(1, checkpoints):N0} B gzip each; " +
            $"written per pass (gzip, both) {(gzip + checkpointGzip) / Passes:N0} B; Snapshot() + Bytes {milliseconds / Passes:F1} ms per pass");
        Assert.True(checkpoints > 0);
        Assert.True(fingerprint / Passes * 2 < checkpointJson / checkpoints, "the snapshot carries on average less than half the pool");
    }

    private static List<CanaryResult> Round(int round, ModelHabits? impostor = null, double swapShare = 0) =>
    [
        .. StyledModels.Round(round, StyledModels.Mini, swapShare > 0 ? impostor ?? StyledModels.Sonnet : null, swapShare),
        .. StyledModels.Round(round, StyledModels.Gpt41),
        .. StyledModels.Round(round, StyledModels.Sonnet),
        .. StyledModels.Round(round, StyledModels.Flash),
    ];

    private static List<string> Texts(Dictionary<string, List<StoredAnswer>> pool) =>
        [.. pool.OrderBy(p => p.Key, StringComparer.Ordinal).SelectMany(p => p.Value.Select(a => $"{p.Key} {a.CaseKey}: {a.Answer}"))];

    private static Dictionary<string, List<StoredAnswer>> TailOf(DetectionStateSnapshot snapshot) => snapshot.ToState().Fingerprint.AnswerPool.Tail;

    private static string Describe(Finding f) => $"{f.Detector} {f.Kind} {f.Series.Canonical} {f.DetectedAt:O} {f.Summary}";

    /// <summary>The snapshot's JSON without what differs between two trainings on the same answers (wall time, zip entry dates).</summary>
    private static string Comparable(DetectionStateSnapshot snapshot)
    {
        var state = JsonNode.Parse(snapshot.ToJson())!;
        var fingerprint = state["Fingerprint"]!.AsObject();
        fingerprint.Remove("ModelBytes");
        fingerprint.Remove("LastTrainingMilliseconds");
        return state.ToJsonString();
    }

    private static string Fingerprint(DetectionEngine engine, string property) =>
        JsonNode.Parse(engine.Snapshot().ToJson())!["Fingerprint"]![property]!.ToJsonString();

    /// <summary>The snapshot as engines before the pool record wrote it: the whole pool inside, under "Pool".</summary>
    private static byte[] LegacySnapshot(DetectionEngine engine)
    {
        var state = JsonNode.Parse(engine.Snapshot().ToJson())!;
        var fingerprint = state["Fingerprint"]!.AsObject();
        fingerprint.Remove("AnswerPool");
        fingerprint["Pool"] = JsonSerializer.SerializeToNode(PooledAnswers.Of(engine));
        return JsonSerializer.SerializeToUtf8Bytes(state);
    }

    /// <summary>What the state store does: the snapshot every pass, the checkpoint when its generation is not the stored one.</summary>
    private sealed class Store
    {
        private byte[] _state = [];
        private byte[]? _pool;
        private long? _poolGeneration;

        public bool Save(DetectionStateSnapshot snapshot)
        {
            _state = snapshot.Bytes.ToArray();
            if (snapshot.FingerprintPool is not { } pool || pool.Generation == _poolGeneration)
            {
                return false;
            }

            _pool = pool.Bytes.ToArray();
            _poolGeneration = pool.Generation;
            return true;
        }

        public DetectionStateSnapshot Load() =>
            DetectionStateSnapshot.FromBytes(_state, _pool is null ? null : FingerprintPoolSnapshot.FromBytes(_pool));
    }
}
