using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using QualityWatch.Core.Canaries;
using QualityWatch.Storage;
using QualityWatch.Storage.Canaries;

namespace QualityWatch.Cli.Serve;

/// <summary>The canary results table, which the canaries write and detection reads: registered by whichever comes first.</summary>
internal static class CanaryResultStorage
{
    public static IServiceCollection AddCanaryResultStore(this IServiceCollection services)
    {
        services.AddQualityWatchStorage();
        services.AddSchemaMigrations(CanaryStorage.Migrations);
        services.TryAddSingleton(sp => new SqlCanaryResultStore(sp.GetRequiredService<IQualityWatchDatabase>()));
        services.TryAddSingleton<ICanaryResultStore>(sp => sp.GetRequiredService<SqlCanaryResultStore>());
        return services;
    }
}
