using QualityWatch.Detection.Engine;
using QualityWatch.Detection.Fingerprints;

namespace QualityWatch.Detection.Tests.Fingerprints;

/// <summary>An engine's fingerprint answer pool, read back from its snapshot and checkpoint the way a restore reads it.</summary>
internal static class PooledAnswers
{
    public static Dictionary<string, List<StoredAnswer>> Of(DetectionEngine engine, int capacity = 1_000)
    {
        var snapshot = engine.Snapshot();
        var state = snapshot.ToState();
        state.Fingerprint.AnswerPool.Restore(snapshot.FingerprintPool?.Record, state.Fingerprint.InlinePool, capacity);
        return state.Fingerprint.Pool;
    }
}
