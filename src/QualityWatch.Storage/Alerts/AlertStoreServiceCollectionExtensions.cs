using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using QualityWatch.Core.Alerts;
using QualityWatch.Core.Telemetry;
using QualityWatch.Storage.Telemetry;

namespace QualityWatch.Storage.Alerts;

/// <summary>
/// Registers Storage's implementations of the alert module's ports. The alert module defines them and does not know
/// Storage (the graph runs Storage → Alerts), so the host adds these beside <c>AddQualityWatchAlerts()</c>.
/// </summary>
public static class AlertStoreServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="IAlertStore"/> (a <see cref="SqlAlertStore"/> on the database singleton of
    /// <see cref="StorageServiceCollectionExtensions.AddQualityWatchStorage"/>, unless a store is registered already)
    /// and the alert migrations (<see cref="AlertStorage.Migrations"/>).
    /// </summary>
    public static IServiceCollection AddQualityWatchAlertStore(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddQualityWatchStorage();
        services.AddSchemaMigrations(AlertStorage.Migrations);
        services.TryAddSingleton<IAlertStore>(sp => new SqlAlertStore(sp.GetRequiredService<IQualityWatchDatabase>()));
        return services;
    }

    /// <summary>
    /// Adds <see cref="ICallOutputSource"/> over the registered <see cref="CallContentStore"/> (the collector's), so the
    /// incident pages can show stored outputs as examples. For hosts that run the collector and alerts together.
    /// </summary>
    public static IServiceCollection AddQualityWatchCallOutputs(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<ICallOutputSource>(sp => new StoredCallOutputs(sp.GetRequiredService<CallContentStore>()));
        return services;
    }
}
