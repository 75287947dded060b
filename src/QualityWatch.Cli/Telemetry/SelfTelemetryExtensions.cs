using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using QualityWatch.Canaries.Telemetry;

namespace QualityWatch.Cli.Telemetry;

/// <summary>
/// QualityWatch's own telemetry in <c>serve</c> (and the demo): the OpenTelemetry SDK with ASP.NET Core, HttpClient and
/// runtime instrumentation and the canary spans, exported over OTLP as the standard <c>OTEL_*</c> variables say
/// (<c>OTEL_EXPORTER_OTLP_ENDPOINT</c>, <c>OTEL_EXPORTER_OTLP_PROTOCOL</c>, <c>OTEL_EXPORTER_OTLP_HEADERS</c>,
/// <c>OTEL_SERVICE_NAME</c>, <c>OTEL_RESOURCE_ATTRIBUTES</c>, <c>OTEL_METRIC_EXPORT_INTERVAL</c>, …), read from the
/// host's configuration (so from the environment, or any other configuration source).
/// </summary>
internal static class SelfTelemetryExtensions
{
    /// <summary>The service name when <c>OTEL_SERVICE_NAME</c> is not set.</summary>
    public const string DefaultServiceName = "qualitywatch";

    /// <summary>
    /// Adds the SDK when an OTLP endpoint is configured and <c>OTEL_SDK_DISABLED</c> is not <c>true</c>; otherwise
    /// adds nothing, so the ingest path pays for no instrumentation that exports nowhere.
    /// </summary>
    public static IHostApplicationBuilder AddQualityWatchSelfTelemetry(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (!IsConfigured(builder.Configuration))
        {
            return builder;
        }

        bool namedService = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_SERVICE_NAME"]);
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource =>
            {
                // OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES are read by the SDK's default detectors; a name given
                // here would override the operator's.
                if (!namedService)
                {
                    resource.AddService(DefaultServiceName, serviceVersion: typeof(SelfTelemetryExtensions).Assembly.GetName().Version?.ToString());
                }
            })
            .WithTracing(tracing => tracing
                .SetSampler(SamplerFrom(builder.Configuration))
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddSource(CanaryTelemetry.SourceName))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation())
            .UseOtlpExporter();
        return builder;
    }

    /// <summary>
    /// The sampler <c>OTEL_TRACES_SAMPLER</c> (and <c>OTEL_TRACES_SAMPLER_ARG</c>, a ratio in [0, 1]) name, as the
    /// specification defines them: <c>always_on</c>, <c>always_off</c>, <c>traceidratio</c> and their
    /// <c>parentbased_</c> forms; the default (unset or unknown) is <c>parentbased_always_on</c>. Every OTLP request
    /// the collector receives is a server span, so a busy collector wants a ratio.
    /// </summary>
    public static Sampler SamplerFrom(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var name = (configuration["OTEL_TRACES_SAMPLER"] ?? "parentbased_always_on").Trim().ToLowerInvariant();
        double ratio = double.TryParse(configuration["OTEL_TRACES_SAMPLER_ARG"], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var arg) && arg is >= 0 and <= 1 ? arg : 1;
        return name switch
        {
            "always_on" => new AlwaysOnSampler(),
            "always_off" => new AlwaysOffSampler(),
            "traceidratio" => new TraceIdRatioBasedSampler(ratio),
            "parentbased_always_off" => new ParentBasedSampler(new AlwaysOffSampler()),
            "parentbased_traceidratio" => new ParentBasedSampler(new TraceIdRatioBasedSampler(ratio)),
            _ => new ParentBasedSampler(new AlwaysOnSampler()),
        };
    }

    /// <summary>Whether the configuration names an OTLP endpoint for any signal and does not disable the SDK.</summary>
    public static bool IsConfigured(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (string.Equals(configuration["OTEL_SDK_DISABLED"], "true", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return new[] { "OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT" }
            .Any(key => !string.IsNullOrWhiteSpace(configuration[key]));
    }
}
