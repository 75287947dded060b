using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using QualityWatch.Canaries.Scheduling;

namespace QualityWatch.Cli.Serve;

/// <summary>
/// Runs the canary scheduler inside <c>serve</c>: each suite at its interval with jitter, within every provider's
/// concurrency limit and daily budget. Results go to storage (by the runner) and to the detection loop.
/// </summary>
internal sealed class CanarySchedulingService(CanaryScheduler scheduler, CanaryResultQueue queue, ILogger<CanarySchedulingService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        logger.LogInformation("Canary scheduler started; next round due at {Due:O}", scheduler.NextDue());
        try
        {
            await scheduler.RunAsync(results => queue.Add(results), stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutdown: the runner stored every result it completed.
        }
    }
}
