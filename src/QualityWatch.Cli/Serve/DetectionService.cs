using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using QualityWatch.Core.Findings;
using QualityWatch.Detection.Engine;
using QualityWatch.Storage.Detection;
using QualityWatch.Storage.Telemetry;

namespace QualityWatch.Cli.Serve;

/// <summary>
/// The detection loop of <c>serve</c>: once a minute it reads the buckets completed since the last pass and the new
/// canary results, runs the engine, publishes findings to the alert pipeline, and saves the engine's state so a
/// restart neither re-alarms nor forgets. With PostgreSQL replicas only the leader evaluates.
/// </summary>
internal sealed class DetectionService(
    DetectionEngine engine,
    TelemetryStore telemetry,
    CanaryResultQueue canaryResults,
    IFindingSink sink,
    SqlDetectionStateStore stateStore,
    TimeProvider clock,
    ILogger<DetectionService> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);
    private bool _wasLeader = true;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var evaluatedUntil = await RestoreAsync(stoppingToken);
        using var timer = new PeriodicTimer(Interval, clock);
        try
        {
            do
            {
                evaluatedUntil = await PassAsync(evaluatedUntil, stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutdown: state was saved after the last completed pass.
        }
    }

    private async Task<DateTimeOffset> RestoreAsync(CancellationToken cancellationToken)
    {
        var saved = await stateStore.LoadAsync(SqlDetectionStateStore.DefaultEngineId, cancellationToken);
        if (saved is { } state)
        {
            engine.Restore(DetectionStateSnapshot.FromBytes(state.State));
            logger.LogInformation("Detection state restored from {SavedAt:O}", state.SavedAt);
            return state.SavedAt;
        }

        return WholeMinute(clock.GetUtcNow()) - TimeSpan.FromHours(1);
    }

    private async Task<DateTimeOffset> PassAsync(DateTimeOffset evaluatedUntil, CancellationToken cancellationToken)
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
            await stateStore.SaveAsync(SqlDetectionStateStore.DefaultEngineId, engine.Snapshot().Bytes, until, cancellationToken);
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

    private static DateTimeOffset WholeMinute(DateTimeOffset time) => new(time.Year, time.Month, time.Day, time.Hour, time.Minute, 0, TimeSpan.Zero);
}
