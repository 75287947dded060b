using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using QualityWatch.Storage;

namespace QualityWatch.Collector;

/// <summary>Builds the collector web application: OTLP/HTTP, OTLP/gRPC, <c>/metrics</c> and health on Kestrel.</summary>
public static class CollectorApplication
{
    /// <summary>
    /// Builds (does not start) the collector from <paramref name="configuration"/> (sections <c>Collector</c>,
    /// <c>Security</c>, <c>Storage</c>): <see cref="StorageServiceCollectionExtensions.AddQualityWatchStorage"/> and
    /// <see cref="CollectorCompositionExtensions.AddQualityWatchCollector"/>. Options are validated and the database is
    /// migrated when the app starts. Other components add services with <paramref name="configureBuilder"/> and
    /// endpoints with <paramref name="configureApp"/>.
    /// </summary>
    public static WebApplication Build(IConfiguration configuration, Action<WebApplicationBuilder>? configureBuilder = null, Action<WebApplication>? configureApp = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = typeof(CollectorApplication).Assembly.GetName().Name });
        builder.Configuration.AddConfiguration(configuration);
        builder.Services.AddQualityWatchStorage();
        builder.AddQualityWatchCollector();
        configureBuilder?.Invoke(builder);

        var app = builder.Build();
        app.MapQualityWatchCollector();
        configureApp?.Invoke(app);
        return app;
    }
}
