using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using QualityWatch.Collector.GenAi;
using QualityWatch.Storage.Telemetry;

namespace QualityWatch.Collector.Metrics;

/// <summary>
/// The collector's state read at collection time: spans waiting for their durable commit and calls counted in the
/// <c>other</c> series. Created when the endpoints are mapped, so the instruments exist from the first scrape.
/// </summary>
internal sealed class CollectorStateMetrics
{
    public CollectorStateMetrics(IMeterFactory meterFactory, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(CollectorMetrics.MeterName);
        // Resolved at collection, not here: the instruments are created while the endpoints are mapped, before the
        // options are validated, and the store must not open a database whose settings are about to be refused.
        meter.CreateObservableUpDownCounter("qualitywatch.ingest_queue_depth", () => services.GetRequiredService<TelemetryStore>().QueuedSpans, "{span}", "Spans waiting for their durable commit.");
        meter.CreateObservableCounter("qualitywatch.series_overflow", () => services.GetRequiredService<SeriesCardinalityGuard>().Overflowed, "{call}", "Calls counted in the 'other' series because the cardinality limit was reached.");
    }
}
