using Microsoft.Extensions.Hosting;

namespace QualityWatch.Collector.Metrics;

/// <summary>
/// Creates the collector's instruments when the host starts, so every family (at zero) is on the first scrape
/// instead of appearing with the first request that resolves them.
/// </summary>
internal sealed class CollectorInstrumentsActivation(CollectorMetrics metrics, CollectorStateMetrics state) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        GC.KeepAlive(metrics);
        GC.KeepAlive(state);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
