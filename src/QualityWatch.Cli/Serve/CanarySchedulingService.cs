using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using QualityWatch.Canaries.Running;
using QualityWatch.Canaries.Scheduling;
using QualityWatch.Collector.Metrics;
using QualityWatch.Storage.Canaries;
using QualityWatch.Storage.Telemetry;

namespace QualityWatch.Cli.Serve;

/// <summary>
/// Runs the canary schedule inside <c>serve</c> — on one replica of the fleet at a time: the one holding the database
/// lease (PostgreSQL advisory lock; an embedded SQLite store is always its own leader), so three replicas spend what
/// one spends. A replica that takes the lease over first reads what the stored results say each provider spent today,
/// so the daily budgets hold across the hand-over. Results are stored by the runner (detection reads them from the
/// database) and counted on this replica's <c>/metrics</c>.
/// </summary>
internal sealed partial class CanarySchedulingService(
    CanaryScheduler scheduler,
    ProviderBudgetLedger budget,
    ScheduledProviders providers,
    SqlCanaryResultStore store,
    TelemetryStore telemetry,
    CollectorMetrics metrics,
    TimeProvider clock,
    ILogger<CanarySchedulingService> logger) : BackgroundService
{
    /// <summary>How often a replica without the lease checks whether it can take it.</summary>
    public static readonly TimeSpan LeaseCheckInterval = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        bool leading = false;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                bool leader = await telemetry.Leadership.TryAcquireAsync(stoppingToken);
                if (leader && !leading)
                {
                    await RestoreBudgetsAsync(stoppingToken);
                    LogTookSchedule(providers.RunId, scheduler.NextDue());
                }
                else if (!leader && leading)
                {
                    LogLostSchedule();
                }

                leading = leader;
                if (leader)
                {
                    var results = await scheduler.RunDueAsync(clock.GetUtcNow(), stoppingToken);
                    if (results.Count > 0)
                    {
                        metrics.RecordCanaryResults(results);
                    }
                }

                var wait = leader ? scheduler.NextDue() - clock.GetUtcNow() : LeaseCheckInterval;
                await Task.Delay(wait < TimeSpan.Zero ? TimeSpan.Zero : wait > LeaseCheckInterval ? LeaseCheckInterval : wait, clock, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutdown: the runner stored every result it completed.
        }
    }

    private async Task RestoreBudgetsAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var dayStart = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        var spent = await store.SpentSinceAsync(dayStart, cancellationToken);
        foreach (var provider in providers.Names)
        {
            var (tokens, cost) = spent.GetValueOrDefault(provider);
            budget.Restore(provider, now, tokens, cost);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "This replica (canary run {RunId}) runs the canary schedule; next round due at {Due:O}")]
    private partial void LogTookSchedule(string runId, DateTimeOffset due);

    [LoggerMessage(Level = LogLevel.Warning, Message = "This replica lost the database lease; another replica runs the canary schedule")]
    private partial void LogLostSchedule();
}
