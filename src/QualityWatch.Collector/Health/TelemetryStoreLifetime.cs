using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using QualityWatch.Storage;
using QualityWatch.Storage.Telemetry;

namespace QualityWatch.Collector.Health;

/// <summary>
/// Starts the telemetry store once the schema is migrated (recovering what a previous run left in the ingest log)
/// and, before Kestrel accepts a request; closes storage on shutdown once Kestrel has drained: everything queued is
/// committed and folded into buckets before the database is released.
/// </summary>
internal sealed class TelemetryStoreLifetime(TelemetryStore store, CallContentStore contents, IQualityWatchDatabase database, IHostApplicationLifetime lifetime, ILogger<TelemetryStoreLifetime> logger) : IHostedService
{
    private int _closed;

    public bool Stopping { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await store.StartAsync(cancellationToken);
        lifetime.ApplicationStopping.Register(() => Stopping = true);
        lifetime.ApplicationStopped.Register(() => CloseAsync().GetAwaiter().GetResult());
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task CloseAsync()
    {
        if (Interlocked.Exchange(ref _closed, 1) == 1)
        {
            return;
        }

        await store.DisposeAsync();
        await contents.DisposeAsync();
        await database.DisposeAsync();
        logger.LogInformation("Telemetry storage flushed and closed");
    }
}
