using Microsoft.Extensions.Logging;
using QualityWatch.Core.Findings;
using QualityWatch.Detection.Engine;
using QualityWatch.Storage.Detection;
using QualityWatch.Storage.Telemetry;

namespace QualityWatch.Cli.Serve;

/// <summary>
/// One detection pass at a time: reads the buckets completed since the last pass and the new canary results, runs
/// the engine, publishes findings, and saves the engine's state — after every pass that took canary results (they
/// live only in memory until then) or raised findings (so a restart does not raise them again), otherwise every
/// <see cref="DetectionLoopOptions.StateSaveIntervalMinutes"/>: after a crash, the buckets since the last save are
/// stored and the restored engine simply evaluates them again. With PostgreSQL replicas only the leader evaluates.
/// </summary>
internal sealed class DetectionPasses(
    DetectionEngine engine,
    TelemetryStore telemetry,
    CanaryResultQueue canaryResults,
    IFindingSink sink,
    SqlDetectionStateStore stateStore,
    DetectionLoopOptions options,
    TimeProvider clock,
    ILogger<DetectionPasses> logger)
{
    private bool _wasLeader = true;
    private DateTimeOffset _savedUntil = DateTimeOffset.MinValue;
    private DateTimeOffset? _unsavedUntil;

    /// <summary>Restores the saved state; returns the end of the window it covers (an hour ago when nothing was saved).</summary>
    public async Task<DateTimeOffset> RestoreAsync(CancellationToken cancellationToken)
    {
        _unsavedUntil = null;
        var saved = await stateStore.LoadAsync(SqlDetectionStateStore.DefaultEngineId, cancellationToken);
        if (saved is { } state)
        {
            engine.Restore(DetectionStateSnapshot.FromBytes(state.State));
            logger.LogInformation("Detection state restored from {SavedAt:O}", state.SavedAt);
            _savedUntil = state.SavedAt;
            return state.SavedAt;
        }

        _savedUntil = DateTimeOffset.MinValue;
        return WholeMinute(clock.GetUtcNow()) - TimeSpan.FromHours(1);
    }

    /// <summary>Evaluates the whole minutes after <paramref name="evaluatedUntil"/>; returns the end of what it evaluated.</summary>
    public async Task<DateTimeOffset> PassAsync(DateTimeOffset evaluatedUntil, CancellationToken cancellationToken)
    {
        // Only whole minutes that have ended are complete buckets.
        var until = WholeMinute(clock.GetUtcNow());
        if (until <= evaluatedUntil)
        {
            return evaluatedUntil;
        }

        if (!telemetry.Leadership.IsLeader)
        {
            // Another replica evaluates; when this one takes over it starts from the state the leader saved.
            _wasLeader = false;
            return evaluatedUntil;
        }

        if (!_wasLeader)
        {
            _wasLeader = true;
            evaluatedUntil = await RestoreAsync(cancellationToken);
        }

        try
        {
            await telemetry.FlushAsync(cancellationToken);
            var buckets = await telemetry.QueryBucketsAsync(evaluatedUntil, until, cancellationToken);
            var results = canaryResults.Drain();
            var result = await engine.EvaluateAsync(buckets, results, sink, until, cancellationToken);
            if (results.Count > 0 || result.Findings.Count > 0 || until - _savedUntil >= TimeSpan.FromMinutes(options.StateSaveIntervalMinutes))
            {
                await SaveAsync(until, cancellationToken);
            }
            else
            {
                _unsavedUntil = until;
            }

            if (result.Findings.Count > 0)
            {
                logger.LogWarning("Detection pass at {Until:O}: {Findings} finding(s)", until, result.Findings.Count);
            }

            return until;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // A failed pass is retried next minute over the same window; ingestion goes on meanwhile.
            logger.LogError(exception, "Detection pass failed; retrying next minute");
            return evaluatedUntil;
        }
    }

    /// <summary>Saves the state of passes that have not been saved yet (at shutdown); a failure is logged, not thrown.</summary>
    public async Task SaveUnsavedAsync(CancellationToken cancellationToken)
    {
        if (_unsavedUntil is not { } until || !telemetry.Leadership.IsLeader)
        {
            return;
        }

        try
        {
            await SaveAsync(until, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogError(exception, "Could not save the detection state at shutdown; the next start evaluates the buckets since {SavedUntil:O} again", _savedUntil);
        }
    }

    private async Task SaveAsync(DateTimeOffset until, CancellationToken cancellationToken)
    {
        await stateStore.SaveAsync(SqlDetectionStateStore.DefaultEngineId, engine.Snapshot().Bytes, until, cancellationToken);
        _savedUntil = until;
        _unsavedUntil = null;
    }

    private static DateTimeOffset WholeMinute(DateTimeOffset time) => new(time.Year, time.Month, time.Day, time.Hour, time.Minute, 0, TimeSpan.Zero);
}
