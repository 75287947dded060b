using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using QualityWatch.Canaries.Scheduling;
using QualityWatch.Core.Metrics;
using QualityWatch.Detection.Engine;
using QualityWatch.Storage;
using QualityWatch.Storage.Detection;

namespace QualityWatch.Cli.Serve;

/// <summary>
/// Detection in a host: the engine over stored telemetry and canary results. It lives beside <c>serve</c> rather than in
/// QualityWatch.Detection, which stays free of storage and hosting (Core and MathNet.Numerics only).
/// </summary>
internal static class DetectionCompositionExtensions
{
    /// <summary>
    /// Adds the <see cref="DetectionEngine"/> (options from <c>detection</c>, validated on start; its scores are the
    /// <c>qualitywatch.anomaly_score</c> gauge), its state table and <see cref="DetectionPasses"/>; with
    /// <see cref="ServeSchedule.Timers"/> also the hosted loop that runs them. Needs the telemetry store
    /// (the collector) and an <c>IFindingSink</c> (the alerts).
    /// </summary>
    public static IHostApplicationBuilder AddQualityWatchDetection(this IHostApplicationBuilder builder, ServeSchedule schedule = ServeSchedule.Timers)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddQualityWatchStorage();
        services.AddSchemaMigrations(DetectionStorage.Migrations);
        services.AddCanaryResultStore();
        services.AddOptions<DetectionEngineOptions>().BindConfiguration(DetectionEngineOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DetectionEngineOptions>, DetectionEngineOptionsValidator>());
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<DetectionEngineOptions>>().Value);
        services.AddSingleton(sp =>
        {
            var engine = new DetectionEngine(sp.GetRequiredService<DetectionEngineOptions>());
            // The gauge lives as long as the meter, which the host's meter factory owns.
            _ = new AnomalyScoreMetrics(engine, sp.GetRequiredService<IMeterFactory>().Create(MeterNames.Detection));
            return engine;
        });
        services.AddSingleton<ICanaryEvidence>(sp => new DetectionCanaryEvidence(sp.GetRequiredService<DetectionEngine>()));
        services.AddSingleton(sp => new SqlDetectionStateStore(sp.GetRequiredService<IQualityWatchDatabase>()));
        services.AddSingleton<DetectionPasses>();
        if (schedule == ServeSchedule.Timers)
        {
            services.AddHostedService<DetectionService>();
        }

        return builder;
    }
}
