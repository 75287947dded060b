using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using QualityWatch.Alerts.Apis;
using QualityWatch.Alerts.Incidents;
using QualityWatch.Alerts.Lifecycle;
using QualityWatch.Alerts.Metrics;
using QualityWatch.Alerts.Notifications;
using QualityWatch.Alerts.Pages;
using QualityWatch.Core.Alerts;
using QualityWatch.Core.Findings;
using QualityWatch.Core.Security;

namespace QualityWatch.Alerts;

/// <summary>Registers the alert pipeline (<see cref="IFindingSink"/>), store, dispatcher, API services and metrics.</summary>
public static class AlertsServiceCollectionExtensions
{
    /// <summary>Adds alerts to a host from its configuration; see <see cref="AddQualityWatchAlerts(IServiceCollection, IConfiguration)"/>.</summary>
    public static IHostApplicationBuilder AddQualityWatchAlerts(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddQualityWatchAlerts(builder.Configuration);
        return builder;
    }

    /// <summary>
    /// Adds alerts: <see cref="IFindingSink"/> (the alert pipeline), the notification dispatcher (hosted), the
    /// admin-key check and the <c>qualitywatch.alerts_active</c> gauge. Options:
    /// <c>alerts</c> (validated on start) and <c>security</c>. The module defines <see cref="IAlertStore"/> and does not
    /// implement it: the host registers Storage's (<c>AddQualityWatchAlertStore()</c>) beside this call.
    /// </summary>
    public static IServiceCollection AddQualityWatchAlerts(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<AlertsOptions>().Bind(configuration.GetSection(AlertsOptions.SectionName)).Validate(o =>
        {
            o.Validate();
            return true;
        }).ValidateOnStart();
        // The security section is shared with the collector (ingest keys): bound once, by whichever module comes first.
        if (!services.Any(d => d.ServiceType == typeof(IConfigureOptions<SecurityOptions>)))
        {
            services.AddOptions<SecurityOptions>().Bind(configuration.GetSection(SecurityOptions.SectionName));
        }

        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpClient(NotificationDispatcher.HttpClientName);
        services.TryAddSingleton<AlertWriteGate>();
        services.TryAddSingleton<ReceiverCatalog>();
        services.TryAddSingleton<EvidenceLinks>();
        services.TryAddSingleton<NotificationComposer>();
        services.TryAddSingleton<ActiveAlertsMetrics>();
        services.TryAddSingleton<PhysicalTargets>();
        services.TryAddSingleton<IncidentLedger>();
        services.TryAddSingleton<SilenceMatcher>();
        services.TryAddSingleton<AlertTransitions>();
        services.TryAddSingleton<AlertPipeline>();
        services.TryAddSingleton<IFindingSink>(sp => sp.GetRequiredService<AlertPipeline>());
        services.TryAddSingleton<AdminKeyVerifier>();
        services.TryAddSingleton<SeriesHistoryReader>();
        services.TryAddSingleton<StoredOutputReader>();
        services.TryAddSingleton<IncidentLinks>();
        services.TryAddSingleton<ProviderOverviewReader>();
        services.TryAddSingleton<NotificationDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<NotificationDispatcher>());
        return services;
    }
}
