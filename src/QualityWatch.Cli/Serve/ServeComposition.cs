using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using QualityWatch.Alerts;
using QualityWatch.Alerts.Apis;
using QualityWatch.Alerts.Pages;
using QualityWatch.Canaries.Running;
using QualityWatch.Canaries.Scheduling;
using QualityWatch.Canaries.Suites;
using QualityWatch.Core.Canaries;
using QualityWatch.Core.Metrics;
using QualityWatch.Detection.Engine;
using QualityWatch.Providers;
using QualityWatch.Storage;
using QualityWatch.Storage.Alerts;
using QualityWatch.Storage.Canaries;
using QualityWatch.Storage.Detection;

namespace QualityWatch.Cli.Serve;

/// <summary>
/// What <c>serve</c> adds to the collector: the alert pipeline, API and review page; the detection loop; and, when
/// providers are configured, the scheduled canaries.
/// </summary>
internal static class ServeComposition
{
    public static void AddCanariesDetectionAndAlerts(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var services = builder.Services;
        var storage = configuration.GetSection(StorageOptions.SectionName).Get<StorageOptions>() ?? new StorageOptions();
        var database = QualityWatchDatabase.OpenAsync(
            storage,
            [.. CanaryStorage.Migrations, .. DetectionStorage.Migrations, .. AlertStorage.Migrations],
            CancellationToken.None).GetAwaiter().GetResult();
        var canaryStore = new SqlCanaryResultStore(database);
        services.AddSingleton<ICanaryResultStore>(canaryStore);
        services.AddSingleton(canaryStore);
        services.AddSingleton(new SqlDetectionStateStore(database));
        services.AddQualityWatchAlerts(configuration);

        var detectionOptions = configuration.GetSection(DetectionEngineOptions.SectionName).Get<DetectionEngineOptions>() ?? new DetectionEngineOptions();
        var engine = new DetectionEngine(detectionOptions);
        services.AddSingleton(engine);
        services.AddSingleton<IMetricsContributor>(new AnomalyScoreMetrics(engine));
        var loopOptions = configuration.GetSection(DetectionLoopOptions.SectionName).Get<DetectionLoopOptions>() ?? new DetectionLoopOptions();
        loopOptions.Validate();
        services.AddSingleton(loopOptions);
        services.AddSingleton<DetectionPasses>();
        services.AddHostedService<DetectionService>();

        var providers = configuration.GetSection(ProviderOptions.SectionName).Get<List<ProviderOptions>>() ?? [];
        // Canary providers have configured names; telemetry reports their kind's family: alerts of both are one incident.
        services.PostConfigure<AlertsOptions>(o => o.AddProviderKinds(providers.Select(p => (p.Name, p.Kind))));
        if (providers.Count == 0)
        {
            return;
        }

        var suitePaths = (configuration.GetSection(CanarySuitesOptions.SectionName).Get<CanarySuitesOptions>() ?? new CanarySuitesOptions()).Suites;
        var load = SuiteLoader.LoadFiles(suitePaths.SelectMany(ExpandSuitePath));
        if (load.Suites.Count == 0)
        {
            throw new InvalidOperationException($"providers are configured but no valid canary suite was found in {string.Join(", ", suitePaths)}");
        }

        var budget = new ProviderBudgetLedger();
        string runId = "serve-" + Guid.NewGuid().ToString("N")[..8];
        var runner = new CanaryRunner(new CanaryRunnerOptions
        {
            RunId = runId,
            Suites = load.Suites,
            Targets = providers.Select(p => CanaryTarget.Create(p)).ToList(),
            Store = canaryStore,
            Budget = budget,
        });
        var schedulerOptions = configuration.GetSection(CanarySchedulerOptions.SectionName).Get<CanarySchedulerOptions>() ?? new CanarySchedulerOptions();
        services.AddSingleton(new CanaryScheduler(runner, schedulerOptions));
        services.AddSingleton(budget);
        services.AddSingleton(new ScheduledProviders(runId, providers.Select(p => p.Name).ToList()));
        services.AddHostedService<CanarySchedulingService>();
    }

    public static void MapAlertsAndReviewPages(this WebApplication app)
    {
        app.MapAlertsApi();
        app.MapIncidentsApi();
        app.MapReviewPages();
    }

    private static IEnumerable<string> ExpandSuitePath(string path) =>
        Directory.Exists(path) ? Directory.EnumerateFiles(path, "*.yaml").Order(StringComparer.Ordinal) : [path];
}
