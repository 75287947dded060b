using Microsoft.Extensions.Logging;
using QualityWatch.Core.Alerts;
using QualityWatch.Core.Findings;
using QualityWatch.Detection.Engine;
using QualityWatch.Storage.Canaries;
using QualityWatch.Storage.Detection;
using QualityWatch.Storage.Telemetry;

namespace QualityWatch.Cli.Serve;

/// <summary>
/// One detection pass at a time: reads the buckets completed since the last pass and the canary results stored since
/// the canary watermark (by whichever replica ran them), runs the engine, publishes findings, and saves the engine's
/// state — after every pass that took new canary results or raised findings (so a restart does not raise them again),
/// otherwise every <see cref="DetectionEngineOptions.StateSaveIntervalMinutes"/> — and then the watermark. After a crash
/// or a failed pass the buckets and results since the last save are read again; the engine ignores results it has
/// seen, so each is processed at least once and counted once. With PostgreSQL replicas only the leader evaluates, and
/// no replica keeps canary results in memory. A start without saved state on a database with open alerts (state
/// lost, or a first start after an upgrade that reset it) takes those episodes over, so the restart neither resolves
/// nor raises them again (<see cref="DetectionEngine.InheritOpenEpisodes"/>).
/// </summary>
internal sealed class DetectionPasses(
    DetectionEngine engine,
    TelemetryStore telemetry,
    SqlCanaryResultStore canaryResults,
    IFindingSink sink,
    SqlDetectionStateStore stateStore,
    IAlertStore alerts,
    DetectionEngineOptions options,
    TimeProvider clock,
    ILogger<DetectionPasses> logger)
{
    /// <summary>Engine state row holding the canary watermark (the last row id every earlier row of which is read).</summary>
    public const string CanaryWatermarkId = "canary-watermark";

    /// <summary>Rows newer than this may still be joined by rows with lower ids committed later (concurrent
    /// transactions on PostgreSQL): they are read, but the watermark stays before them until they settle.</summary>
    public static readonly TimeSpan CanarySettleTime = TimeSpan.FromMinutes(10);

    private const int CanaryReadLimit = 10_000;

    private readonly DetectionStatePersistence _state = new(stateStore, SqlDetectionStateStore.DefaultEngineId, logger);
    private bool _wasLeader = true;
    private long _canaryWatermark;
    private long _canaryNewestRead;
    private DateTimeOffset _savedUntil = DateTimeOffset.MinValue;
    private DateTimeOffset? _unsavedUntil;

    /// <summary>Restores the saved state; returns the end of the window it covers (an hour ago when nothing was saved).</summary>
    public async Task<DateTimeOffset> RestoreAsync(CancellationToken cancellationToken)
    {
        _unsavedUntil = null;
        var watermark = await stateStore.LoadAsync(CanaryWatermarkId, cancellationToken);
        _canaryWatermark = watermark is { State.Length: 8 } mark ? BitConverter.ToInt64(mark.State) : 0;
        _canaryNewestRead = _canaryWatermark;
        if (await _state.RestoreAsync(engine, cancellationToken) is { } savedAt)
        {
            logger.LogInformation("Detection state restored from {SavedAt:O}", savedAt);
            _savedUntil = savedAt;
            return savedAt;
        }

        _savedUntil = DateTimeOffset.MinValue;
        int inherited = engine.InheritOpenEpisodes(await OpenEpisodesAsync(cancellationToken));
        if (inherited > 0)
        {
            logger.LogWarning("No saved detection state: {Inherited} open alert(s) taken over; they stay open until detection raises them itself or a person resolves them", inherited);
        }

        return WholeMinute(clock.GetUtcNow()) - TimeSpan.FromHours(1);
    }

    /// <summary>Evaluates the whole minutes after <paramref name="evaluatedUntil"/>; returns the end of what it evaluated.</summary>
    public Task<DateTimeOffset> PassAsync(DateTimeOffset evaluatedUntil, CancellationToken cancellationToken) =>
        // Only whole minutes that have ended are complete buckets.
        PassAsync(evaluatedUntil, WholeMinute(clock.GetUtcNow()), cancellationToken);

    /// <summary>
    /// Evaluates from <paramref name="evaluatedUntil"/> to <paramref name="until"/> (a whole minute that has ended):
    /// what the minute timer does, for a host that steps a virtual clock (the demo) and so decides itself which
    /// minutes have ended.
    /// </summary>
    public async Task<DateTimeOffset> PassAsync(DateTimeOffset evaluatedUntil, DateTimeOffset until, CancellationToken cancellationToken)
    {
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
            var rows = await canaryResults.ReadAfterAsync(_canaryWatermark, CanaryReadLimit, cancellationToken);
            var results = rows.Select(r => r.Result).ToList();
            if (engine.InheritedEpisodes.Count > 0)
            {
                engine.ForgetClosedEpisodes(await OpenEpisodesAsync(cancellationToken));
            }

            var result = await engine.EvaluateAsync(buckets, results, sink, until, cancellationToken);
            bool newResults = rows.Count > 0 && rows[^1].Id > _canaryNewestRead;
            _canaryNewestRead = Math.Max(_canaryNewestRead, rows.Count > 0 ? rows[^1].Id : 0);
            long watermark = SettledWatermark(rows, clock.GetUtcNow() - CanarySettleTime);
            if (newResults || result.Findings.Count > 0 || watermark != _canaryWatermark || until - _savedUntil >= TimeSpan.FromMinutes(options.StateSaveIntervalMinutes))
            {
                await SaveAsync(until, cancellationToken);
                await SaveWatermarkAsync(watermark, until, cancellationToken);
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
            // The engine may have taken the pass's buckets and canary results before the failure (a publish that
            // failed): go back to the last saved state, so the next pass evaluates them again and their findings
            // are published. Ingestion goes on meanwhile.
            logger.LogError(exception, "Detection pass failed; retrying next minute from the last saved state");
            try
            {
                return await RestoreAsync(cancellationToken);
            }
            catch (Exception restore) when (restore is not OperationCanceledException)
            {
                logger.LogError(restore, "Could not reload the detection state; retrying next minute");
                return evaluatedUntil;
            }
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

    private async Task<IReadOnlyList<OpenEpisode>> OpenEpisodesAsync(CancellationToken cancellationToken) =>
        [.. (await alerts.ListOpenAsync(cancellationToken)).Select(a => new OpenEpisode(a.Series, a.Kind))];

    private async Task SaveAsync(DateTimeOffset until, CancellationToken cancellationToken)
    {
        await _state.SaveAsync(engine, until, cancellationToken);
        _savedUntil = until;
        _unsavedUntil = null;
    }

    /// <summary>The watermark after <paramref name="rows"/>: past every leading row older than
    /// <paramref name="settled"/> (a full read page also moves past the rest, so a backlog cannot stall it).</summary>
    private long SettledWatermark(IReadOnlyList<StoredCanaryResult> rows, DateTimeOffset settled)
    {
        long watermark = _canaryWatermark;
        foreach (var row in rows)
        {
            if (row.Result.Timestamp >= settled && rows.Count < CanaryReadLimit)
            {
                break;
            }

            watermark = row.Id;
        }

        return watermark;
    }

    private async Task SaveWatermarkAsync(long watermark, DateTimeOffset until, CancellationToken cancellationToken)
    {
        if (watermark == _canaryWatermark)
        {
            return;
        }

        await stateStore.SaveAsync(CanaryWatermarkId, BitConverter.GetBytes(watermark), until, cancellationToken);
        _canaryWatermark = watermark;
    }

    private static DateTimeOffset WholeMinute(DateTimeOffset time) => new(time.Year, time.Month, time.Day, time.Hour, time.Minute, 0, TimeSpan.Zero);
}
