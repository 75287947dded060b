using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace QualityWatch.Storage;

/// <summary>Registers the one database of a QualityWatch host and the migrations each module brings.</summary>
public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="StorageOptions"/> (the <c>storage</c> section, validated on start), one
    /// <see cref="IQualityWatchDatabase"/> singleton (disposed with the host) and the hosted service that applies every
    /// registered <see cref="ISchemaMigration"/> before the other hosted services start. Calling it again adds nothing.
    /// </summary>
    public static IServiceCollection AddQualityWatchStorage(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(d => d.ServiceType == typeof(IQualityWatchDatabase)))
        {
            return services;
        }

        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>());
        services.AddSingleton(sp => QualityWatchDatabase.Create(sp.GetRequiredService<IOptions<StorageOptions>>().Value));
        // Registered first among the hosted services: it migrates in StartingAsync, before any of them starts.
        services.AddHostedService<DatabaseMigrationService>();
        return services;
    }

    /// <summary>Adds a module's <paramref name="migrations"/> to those applied at start (each once, however often added).</summary>
    public static IServiceCollection AddSchemaMigrations(this IServiceCollection services, IEnumerable<ISchemaMigration> migrations)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(migrations);
        foreach (var migration in migrations)
        {
            services.TryAddEnumerable(ServiceDescriptor.Singleton(typeof(ISchemaMigration), migration));
        }

        return services;
    }
}
