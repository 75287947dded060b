using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using QualityWatch.Collector.Content;
using QualityWatch.Collector.GenAi;
using QualityWatch.Collector.GenAiEvents;
using QualityWatch.Collector.GenAiMetrics;
using QualityWatch.Collector.Health;
using QualityWatch.Collector.Ingest;
using QualityWatch.Collector.Metrics;
using QualityWatch.Collector.Otlp;
using QualityWatch.Collector.Security;
using QualityWatch.Core.Security;
using QualityWatch.Core.Telemetry;
using QualityWatch.Storage;
using QualityWatch.Storage.Telemetry;

namespace QualityWatch.Collector;

/// <summary>The collector's part of a QualityWatch host: its services and listeners, then its endpoints.</summary>
public static class CollectorCompositionExtensions
{
    /// <summary>
    /// Adds the collector: options from <c>collector</c>, <c>security</c> and <c>storage.telemetry</c> (validated on
    /// start), the ingest pipeline, the telemetry and content stores on the database singleton (started by a hosted
    /// service once the schema is migrated), <c>/metrics</c> and the Kestrel listeners. Needs
    /// <see cref="StorageServiceCollectionExtensions.AddQualityWatchStorage"/>, which it adds when missing.
    /// </summary>
    public static WebApplicationBuilder AddQualityWatchCollector(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddQualityWatchStorage();
        services.AddSchemaMigrations(TelemetryStorage.Migrations);

        services.AddOptions<CollectorOptions>().BindConfiguration(CollectorOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CollectorOptions>, CollectorOptionsValidator>());
        // The security section is shared with the alerts (admin keys): bound once, by whichever module comes first.
        if (!services.Any(d => d.ServiceType == typeof(IConfigureOptions<SecurityOptions>)))
        {
            services.AddOptions<SecurityOptions>().BindConfiguration(SecurityOptions.SectionName);
        }

        // Buckets are kept as long as the storage keeps raw data unless storage.telemetry says otherwise; content as
        // long as collector.content says.
        services.AddOptions<TelemetryStoreOptions>()
            .Configure<IOptions<StorageOptions>>((store, storage) => store.BucketRetentionDays = storage.Value.RetentionDays)
            .BindConfiguration(TelemetryStoreOptions.SectionName)
            .PostConfigure<IOptions<CollectorOptions>>((store, collector) => store.ContentRetentionDays = collector.Value.Content.RetentionDays);

        services.AddSingleton(sp => sp.GetRequiredService<IOptions<CollectorOptions>>().Value);
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<TelemetryStoreOptions>>().Value);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new CollectorKeys(sp.GetRequiredService<IOptions<SecurityOptions>>().Value));
        services.AddSingleton<GenAiSpanMapper>();
        services.AddSingleton<CollectorMetrics>();
        services.AddSingleton<CollectorStateMetrics>();
        services.AddHostedService<CollectorInstrumentsActivation>();
        services.AddQualityWatchMetricsExport(builder.Configuration);
        services.AddSingleton<IngestPipeline>();
        services.AddSingleton<SpanFedSeries>();
        // Created now, with the host: its start time decides which cumulative streams started before this collector.
        services.AddSingleton(new CumulativeStreams(TimeProvider.System));
        services.AddSingleton<GenAiMetricsIngester>();
        services.AddSingleton<GenAiEventIngester>();
        services.AddOtlpGrpc();

        services.AddSingleton(sp => new TelemetryStore(sp.GetRequiredService<IQualityWatchDatabase>(), sp.GetRequiredService<TelemetryStoreOptions>(), TimeProvider.System));
        services.AddSingleton<ISeriesBucketSource>(sp => sp.GetRequiredService<TelemetryStore>());
        services.AddSingleton<ILatencyQuantileSource>(sp => sp.GetRequiredService<TelemetryStore>());
        services.AddSingleton(sp => new CallContentStore(sp.GetRequiredService<IQualityWatchDatabase>(), TimeProvider.System));
        services.AddSingleton(sp => new SeriesCardinalityGuard(sp.GetRequiredService<CollectorOptions>().CardinalityLimit));

        // Hosted services start in this order, after the migrations and before Kestrel: the store recovers and starts
        // its writer, then the series already stored count against the cardinality limit.
        services.AddSingleton<TelemetryStoreLifetime>();
        services.AddHostedService(sp => sp.GetRequiredService<TelemetryStoreLifetime>());
        services.AddHostedService<SeriesCardinalityRefresher>();
        services.AddSingleton<IStartupFilter, OpenIngestWarning>();

        var endpoints = new CollectorEndpoints();
        services.AddSingleton(endpoints);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // Kestrel is configured while the app is built, before options are validated at start: read the section
            // without validation here, so a bad value fails the start with the validator's message, not the build.
            var options = kestrel.ApplicationServices.GetRequiredService<IConfiguration>().GetSection(CollectorOptions.SectionName).Get<CollectorOptions>() ?? new CollectorOptions();
            if (!IPAddress.TryParse(options.ListenAddress, out var address))
            {
                return;
            }

            kestrel.Limits.MaxRequestBodySize = Math.Max(options.Limits.MaxBodyBytes, 30_000_000) + 16;
            kestrel.Listen(address, options.HttpPort, listen =>
            {
                listen.Protocols = HttpProtocols.Http1;
                endpoints.Http = listen;
            });
            if (options.GrpcPort >= 0)
            {
                kestrel.Listen(address, options.GrpcPort, listen =>
                {
                    listen.Protocols = HttpProtocols.Http2;
                    endpoints.Grpc = listen;
                });
            }
        });

        return builder;
    }

    /// <summary>Maps OTLP/HTTP, OTLP/gRPC, <c>/metrics</c>, health and the call-content API.</summary>
    public static IEndpointRouteBuilder MapQualityWatchCollector(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapOtlpHttpApi();
        app.MapOtlpGrpcApi();
        app.MapMetricsApi();
        app.MapHealthApi();
        app.MapCallContentApi();
        return app;
    }
}
