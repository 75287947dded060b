using System.Diagnostics.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using QualityWatch.Core.Metrics;

namespace QualityWatch.Collector.Metrics;

/// <summary>
/// The OpenTelemetry SDK's meter provider for the product's instruments: every <see cref="MeterNames"/> meter and the
/// runtime's own <c>System.Runtime</c> meter (process memory and CPU), read by the Prometheus exporter that serves
/// <c>/metrics</c> and, when <c>metrics.otlp_endpoint</c> is set, pushed over OTLP.
/// </summary>
internal static class MetricsExportExtensions
{
    private const string RuntimeMeter = "System.Runtime";

    // The runtime instruments an operator of the collector reads (the dashboards' memory and CPU panels); the rest of
    // the meter (assembly, timer and CPU counts) would fail promtool's lint with their "_count" names.
    private static readonly HashSet<string> RuntimeInstruments = new(StringComparer.Ordinal)
    {
        "dotnet.process.memory.working_set",
        "dotnet.process.cpu.time",
        "dotnet.gc.collections",
        "dotnet.gc.last_collection.heap.size",
    };

    public static IServiceCollection AddQualityWatchMetricsExport(this IServiceCollection services, IConfiguration configuration)
    {
        // Read now, unvalidated: a value that cannot work adds no reader here and fails the start with the validator's message.
        var export = configuration.GetSection(MetricsExportOptions.SectionName).Get<MetricsExportOptions>() ?? new MetricsExportOptions();
        services.AddOptions<MetricsExportOptions>().BindConfiguration(MetricsExportOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MetricsExportOptions>, MetricsExportOptionsValidator>());
        services.AddOpenTelemetry().WithMetrics(metrics =>
        {
            foreach (var meter in MeterNames.All)
            {
                metrics.AddMeter(meter);
            }

            metrics.AddMeter(RuntimeMeter);
            metrics.AddView(instrument => instrument.Meter.Name == RuntimeMeter && !RuntimeInstruments.Contains(instrument.Name) ? MetricStreamConfiguration.Drop : null);
            // The SDK listens to meters by name, so a second host in the same process (tests, an embedding application)
            // would add its calls to this host's instruments: keep only the meters of this host's factory, learnt while
            // the provider is built, before its listener publishes any instrument.
            IMeterFactory? own = null;
            metrics.AddInstrumentation(provider => own = provider.GetRequiredService<IMeterFactory>());
            metrics.AddView(instrument => instrument.Meter.Scope is IMeterFactory factory && !ReferenceEquals(factory, own) ? MetricStreamConfiguration.Drop : null);
            // A scrape right after an ingest must see it: no cached response.
            metrics.AddPrometheusExporter(prometheus => prometheus.ScrapeResponseCacheDurationMilliseconds = 0);
            if (export.OtlpEndpoint is { Length: > 0 } endpoint && Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) && export.ExportIntervalSeconds is >= 1 and <= 3600)
            {
                // A reader of its own rather than AddOtlpExporter: the host's self-telemetry may use UseOtlpExporter
                // for OTEL_EXPORTER_OTLP_ENDPOINT, which the SDK does not allow beside AddOtlpExporter.
                metrics.AddReader(_ => new PeriodicExportingMetricReader(new OtlpMetricExporter(OtlpOptions(export, uri)), export.ExportIntervalSeconds * 1000));
            }
        });
        return services;
    }

    private static OtlpExporterOptions OtlpOptions(MetricsExportOptions export, Uri endpoint)
    {
        var http = export.OtlpProtocol == "http/protobuf";
        if (http && !endpoint.AbsolutePath.EndsWith("/v1/metrics", StringComparison.Ordinal))
        {
            endpoint = new Uri(endpoint, endpoint.AbsolutePath.TrimEnd('/') + "/v1/metrics");
        }

        var options = new OtlpExporterOptions
        {
            Endpoint = endpoint,
            Protocol = http ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc,
        };
        if (export.OtlpHeadersEnv is { Length: > 0 } variable && Environment.GetEnvironmentVariable(variable) is { Length: > 0 } headers)
        {
            options.Headers = headers;
        }

        return options;
    }
}
