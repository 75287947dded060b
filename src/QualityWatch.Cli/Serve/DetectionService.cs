using Microsoft.Extensions.Hosting;

namespace QualityWatch.Cli.Serve;

/// <summary>
/// The detection loop of <c>serve</c>: restores the engine's state, runs a pass (<see cref="DetectionPasses"/>) at
/// start and once a minute, and saves what is not saved yet when the host stops.
/// </summary>
internal sealed class DetectionService(DetectionPasses passes, TimeProvider clock) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);

        // Only once the loop has ended: a pass still running (the host stopped waiting) owns the engine.
        if (ExecuteTask is null || ExecuteTask.IsCompleted)
        {
            await passes.SaveUnsavedAsync(cancellationToken);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var evaluatedUntil = await passes.RestoreAsync(stoppingToken);
        using var timer = new PeriodicTimer(Interval, clock);
        try
        {
            do
            {
                evaluatedUntil = await passes.PassAsync(evaluatedUntil, stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutdown: StopAsync saves what the last passes left unsaved.
        }
    }
}
