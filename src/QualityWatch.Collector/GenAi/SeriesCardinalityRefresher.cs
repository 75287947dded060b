using System.Data.Common;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using QualityWatch.Storage;
using QualityWatch.Storage.Telemetry;

namespace QualityWatch.Collector.GenAi;

/// <summary>
/// At start, admits the series stored within retention. Then, on PostgreSQL, where several replicas share storage, periodically admits the series other replicas have stored,
/// so each replica stops admitting new series once the replicas together reach the limit. Between two refreshes
/// replicas can still each admit new series, so the shared total can exceed the limit by what they admit in one
/// interval (at most <c>limit × (replicas − 1)</c>); it never grows beyond that.
/// </summary>
internal sealed class SeriesCardinalityRefresher(
    IQualityWatchDatabase database,
    SeriesCardinalityGuard guard,
    CollectorOptions options,
    TelemetryStoreOptions storeOptions,
    TimeProvider time,
    ILogger<SeriesCardinalityRefresher> logger) : BackgroundService
{
    /// <summary>Admits the series stored within bucket retention, most recently active first.</summary>
    public static async Task<int> LoadAsync(IQualityWatchDatabase database, SeriesCardinalityGuard guard, int limit, int retentionDays, TimeProvider time, CancellationToken cancellationToken)
    {
        var since = retentionDays > 0 ? time.GetUtcNow().AddDays(-retentionDays) : DateTimeOffset.UnixEpoch;
        var stored = await StoredSeries.RecentAsync(database, since, SeriesCardinalityGuard.Overflow.Canonical, limit, cancellationToken);
        return guard.AdmitStored(stored);
    }

    /// <summary>Admits the series already stored before the collector accepts (so they count after a restart too), then
    /// starts the refresh loop.</summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(database, guard, options.CardinalityLimit, storeOptions.BucketRetentionDays, time, cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (database.Dialect != SqlDialect.Postgres || options.CardinalityRefreshSeconds <= 0)
        {
            return;
        }

        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.CardinalityRefreshSeconds), time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    var added = await LoadAsync(database, guard, options.CardinalityLimit, storeOptions.BucketRetentionDays, time, stoppingToken);
                    if (added > 0)
                    {
                        logger.LogInformation("Admitted {Series} series stored by other replicas ({Known} of {Limit} known)", added, guard.Count, options.CardinalityLimit);
                    }
                }
                catch (DbException exception)
                {
                    logger.LogWarning("Could not refresh the admitted series from storage: {Reason}", exception.Message);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
