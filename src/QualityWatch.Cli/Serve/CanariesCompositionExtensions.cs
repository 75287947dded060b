using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using QualityWatch.Alerts;
using QualityWatch.Canaries;
using QualityWatch.Canaries.Running;
using QualityWatch.Canaries.Scheduling;
using QualityWatch.Canaries.Suites;
using QualityWatch.Cli.Canaries;
using QualityWatch.Providers;
using QualityWatch.Simulator.Timing;
using QualityWatch.Storage.Canaries;

namespace QualityWatch.Cli.Serve;

/// <summary>
/// Scheduled canaries in a host. They live beside <c>serve</c> rather than in QualityWatch.Canaries, which knows
/// neither storage nor the database lease the schedule follows.
/// </summary>
internal static class CanariesCompositionExtensions
{
    /// <summary>
    /// Adds the canary results table and <see cref="CanariesOptions"/> (the <c>canaries</c> section, validated on
    /// start); when <c>providers</c> are configured, also the runner over the configured suites, the schedule and the
    /// hosted service that runs it on the replica holding the database lease.
    /// </summary>
    public static IHostApplicationBuilder AddQualityWatchCanaries(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddCanaryResultStore();
        services.AddOptions<CanariesOptions>().BindConfiguration(CanariesOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CanariesOptions>, CanariesOptionsValidator>());

        // A list, not an options object: read here, because whether there is a schedule at all depends on it.
        var providers = builder.Configuration.GetSection(ProviderOptions.SectionName).Get<List<ProviderOptions>>() ?? [];
        // Canary providers have configured names; telemetry reports their kind's family: alerts of both are one incident.
        services.PostConfigure<AlertsOptions>(o => o.AddProviderKinds(providers.Select(p => (p.Name, p.Kind))));
        if (providers.Count == 0)
        {
            return builder;
        }

        var scheduled = new ScheduledProviders("serve-" + Guid.NewGuid().ToString("N")[..8], providers.Select(p => p.Name).ToList());
        services.AddSingleton(scheduled);
        services.AddSingleton<ProviderBudgetLedger>();
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<CanariesOptions>>().Value;
            var paths = options.Suites.Count > 0 ? options.Suites : CanariesOptions.DefaultSuites;
            var load = SuiteLoader.LoadFiles(paths.SelectMany(ExpandSuitePath));
            if (load.Suites.Count == 0)
            {
                throw new InvalidOperationException($"providers are configured but no valid canary suite was found in {string.Join(", ", paths)}");
            }

            var runner = new CanaryRunner(new CanaryRunnerOptions
            {
                RunId = scheduled.RunId,
                Suites = load.Suites,
                Targets = providers.Select(CliCanaryTargets.Create).ToList(),
                CallTimer = new SimulatedCallTimer(),
                Store = sp.GetRequiredService<SqlCanaryResultStore>(),
                Budget = sp.GetRequiredService<ProviderBudgetLedger>(),
                Sessions = options.Sessions,
            });
            return new CanaryScheduler(runner, options);
        });
        services.AddHostedService<CanarySchedulingService>();
        return builder;
    }

    private static IEnumerable<string> ExpandSuitePath(string path) =>
        Directory.Exists(path) ? Directory.EnumerateFiles(path, "*.yaml").Order(StringComparer.Ordinal) : [path];
}
