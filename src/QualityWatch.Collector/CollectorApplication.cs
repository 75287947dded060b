using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
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
using QualityWatch.Core.Telemetry;
using QualityWatch.Storage;
using QualityWatch.Storage.Telemetry;

namespace QualityWatch.Collector;

/// <summary>Builds the collector web application: OTLP/HTTP, OTLP/gRPC, <c>/metrics</c> and health on Kestrel.</summary>
public static class CollectorApplication
{
    /// <summary>
    /// Builds (does not start) the collector from <paramref name="configuration"/> (sections <c>Collector</c>,
    /// <c>Security</c>, <c>Storage</c>). Storage is opened and migrated here. Other components add services with
    /// <paramref name="configureBuilder"/> (for example <c>IMetricsContributor</c>s) and endpoints with
    /// <paramref name="configureApp"/>.
    /// </summary>
    public static WebApplication Build(IConfiguration configuration, Action<WebApplicationBuilder>? configureBuilder = null, Action<WebApplication>? configureApp = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = typeof(CollectorApplication).Assembly.GetName().Name });
        builder.Configuration.AddConfiguration(configuration);
        builder.AddCollector();
        configureBuilder?.Invoke(builder);

        var app = builder.Build();
        app.MapOtlpHttpApi();
        app.MapOtlpGrpcApi();
        app.MapMetricsApi();
        app.MapHealthApi();
        app.MapCallContentApi();
        configureApp?.Invoke(app);
        return app;
    }

    /// <summary>Registers the collector's services and Kestrel listeners on <paramref name="builder"/>.</summary>
    public static WebApplicationBuilder AddCollector(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configuration = builder.Configuration;
        var options = configuration.GetSection(CollectorOptions.SectionName).Get<CollectorOptions>() ?? new CollectorOptions();
        var security = configuration.GetSection(SecurityOptions.SectionName).Get<SecurityOptions>() ?? new SecurityOptions();
        var storage = configuration.GetSection(StorageOptions.SectionName).Get<StorageOptions>() ?? new StorageOptions();
        options.Content.Validate();
        if (options.CardinalityRefreshSeconds < 0)
        {
            throw new InvalidOperationException($"collector.cardinality_refresh_seconds must be 0 (never) or more, not {options.CardinalityRefreshSeconds}");
        }

        var storeOptions = new TelemetryStoreOptions { BucketRetentionDays = storage.RetentionDays };
        configuration.GetSection(TelemetryStoreOptions.SectionName).Bind(storeOptions);
        storeOptions.ContentRetentionDays = options.Content.RetentionDays;

        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(Options.Create(options));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(new CollectorKeys(security));
        builder.Services.AddSingleton<GenAiSpanMapper>();
        builder.Services.AddSingleton<CollectorMetrics>();
        builder.Services.AddSingleton<IngestPipeline>();
        builder.Services.AddSingleton<SpanFedSeries>();
        // Created now: its start time decides which cumulative streams started before this collector.
        builder.Services.AddSingleton(new CumulativeStreams(TimeProvider.System));
        builder.Services.AddSingleton<GenAiMetricsIngester>();
        builder.Services.AddSingleton<GenAiEventIngester>();

        // Opened here, synchronously, so a wrong storage configuration stops the start with a clear message.
        var database = QualityWatchDatabase.OpenAsync(storage, TelemetryStorage.Migrations, CancellationToken.None).GetAwaiter().GetResult();
        var store = TelemetryStore.OpenAsync(database, storeOptions, TimeProvider.System, CancellationToken.None).GetAwaiter().GetResult();
        builder.Services.AddSingleton(database);
        builder.Services.AddSingleton(store);
        builder.Services.AddSingleton(storeOptions);
        builder.Services.AddSingleton(new CallContentStore(database, TimeProvider.System));

        // The series already stored (within retention) count against the limit after a restart too.
        var cardinality = new SeriesCardinalityGuard(options.CardinalityLimit);
        SeriesCardinalityRefresher.LoadAsync(database, cardinality, options.CardinalityLimit, storeOptions.BucketRetentionDays, TimeProvider.System, CancellationToken.None).GetAwaiter().GetResult();
        builder.Services.AddSingleton(cardinality);
        builder.Services.AddHostedService<SeriesCardinalityRefresher>();
        builder.Services.AddSingleton<ISeriesBucketSource>(store);
        builder.Services.AddSingleton<ILatencyQuantileSource>(store);
        builder.Services.AddSingleton<TelemetryStoreLifetime>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<TelemetryStoreLifetime>());

        var endpoints = new CollectorEndpoints();
        builder.Services.AddSingleton(endpoints);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            var address = IPAddress.Parse(options.ListenAddress);
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

        if (security.IngestKeys.Count + security.IngestKeysEnv.Count + security.IngestKeysFile.Count == 0)
        {
            builder.Services.AddSingleton<IStartupFilter>(new OpenIngestWarning());
        }

        return builder;
    }

    private sealed class OpenIngestWarning : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger("QualityWatch.Collector")
                .LogWarning("No ingest keys are configured (security.ingest_keys, ingest_keys_env, ingest_keys_file): OTLP ingestion is open to anyone who can reach it");
            next(app);
        };
    }
}
