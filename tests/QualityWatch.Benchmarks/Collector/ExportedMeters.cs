using System.Diagnostics.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using QualityWatch.Collector.Metrics;

namespace QualityWatch.Benchmarks.Collector;

/// <summary>
/// A meter factory whose meters the product's OpenTelemetry SDK setup listens to (Prometheus exporter, no push), so
/// recording costs what it costs in <c>serve</c>: an instrument nobody listens to returns at once.
/// </summary>
internal static class ExportedMeters
{
    public static IMeterFactory Create()
    {
        var services = new ServiceCollection();
        services.AddMetrics();
        services.AddQualityWatchMetricsExport(new ConfigurationBuilder().Build());
        var provider = services.BuildServiceProvider();
        _ = provider.GetRequiredService<MeterProvider>();
        return provider.GetRequiredService<IMeterFactory>();
    }
}
