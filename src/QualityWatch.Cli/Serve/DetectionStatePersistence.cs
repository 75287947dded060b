using Microsoft.Extensions.Logging;
using QualityWatch.Detection.Engine;
using QualityWatch.Storage.Detection;

namespace QualityWatch.Cli.Serve;

/// <summary>
/// One engine's state in <see cref="SqlDetectionStateStore"/>: the snapshot under the engine id, saved every time, and
/// the fingerprint's answer-pool checkpoint under <see cref="PoolId"/>, saved in the same transaction only when its
/// generation is not the one stored — it changes every model's pool's worth of new answers, the snapshot every pass.
/// </summary>
internal sealed class DetectionStatePersistence(SqlDetectionStateStore store, string engineId, ILogger logger)
{
    private long? _storedPoolGeneration;

    /// <summary>The row of <paramref name="engineId"/>'s pool checkpoint.</summary>
    public static string PoolId(string engineId) => engineId + "/fingerprint-pool";

    /// <summary>Restores <paramref name="engine"/> from the saved state; returns when it was saved, or null when nothing was.</summary>
    public async Task<DateTimeOffset?> RestoreAsync(DetectionEngine engine, CancellationToken cancellationToken)
    {
        _storedPoolGeneration = null;
        if (await store.LoadAsync(engineId, cancellationToken) is not { } saved)
        {
            return null;
        }

        FingerprintPoolSnapshot? pool = null;
        if (await store.LoadAsync(PoolId(engineId), cancellationToken) is { } stored)
        {
            try
            {
                pool = FingerprintPoolSnapshot.FromBytes(stored.State);
                _storedPoolGeneration = pool.Generation;
            }
            catch (InvalidDataException exception)
            {
                // Only retraining data is lost: the trained model and its statistics are in the snapshot, and the next
                // save stores a new checkpoint of what the snapshot carried.
                logger.LogWarning(exception, "The fingerprint's answer pool checkpoint could not be read; the pool restarts from the answers the snapshot carries");
            }
        }

        engine.Restore(DetectionStateSnapshot.FromBytes(saved.State, pool));
        return saved.SavedAt;
    }

    /// <summary>Saves <paramref name="engine"/>'s state, with the pool checkpoint when it is not the stored one.</summary>
    public async Task SaveAsync(DetectionEngine engine, DateTimeOffset savedAt, CancellationToken cancellationToken)
    {
        var snapshot = engine.Snapshot();
        var pool = snapshot.FingerprintPool;
        List<(string, ReadOnlyMemory<byte>)> rows = [(engineId, snapshot.Bytes)];
        if (pool is not null && pool.Generation != _storedPoolGeneration)
        {
            rows.Add((PoolId(engineId), pool.Bytes));
        }

        await store.SaveAsync(rows, savedAt, cancellationToken);
        _storedPoolGeneration = pool?.Generation ?? _storedPoolGeneration;
    }
}
