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
    /// <summary>Key of the <see cref="TimeProvider"/> the canary runner follows when a host registers one (the demo's
    /// virtual clock); otherwise it follows the host's clock.</summary>
    public const string ClockKey = "qualitywatch-canaries";

    /// <summary>
    /// Adds the canary results table and <see cref="CanariesOptions"/> (the <c>canaries</c> section, validated on
    /// start); when <c>providers</c> are configured, also the <see cref="CanaryRunner"/> over the configured suites
    /// (streaming and latency scale from <c>canaries</c>), its schedule and — with <see cref="ServeSchedule.Timers"/> —
    /// the hosted service that runs it on the replica holding the database lease.
    /// </summary>
    public static IHostApplicationBuilder AddQualityWatchCanaries(this IHostApplicationBuilder builder, ServeSchedule schedule = ServeSchedule.Timers)
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

            return new CanaryRunner(new CanaryRunnerOptions
            {
                RunId = scheduled.RunId,
                Suites = load.Suites,
                Targets = providers.Select(CliCanaryTargets.Create).ToList(),
                Streaming = options.Streaming,
                CallTimer = new SimulatedCallTimer(options.LatencyScale),
                // The clock the schedule follows: result times and budget days agree with it.
                TimeProvider = sp.GetKeyedService<TimeProvider>(ClockKey) ?? sp.GetRequiredService<TimeProvider>(),
                Store = sp.GetRequiredService<SqlCanaryResultStore>(),
                Budget = sp.GetRequiredService<ProviderBudgetLedger>(),
                Sessions = options.Sessions,
            });
        });
        // With detection in the same host, a suite runs faster on a provider whose quality evidence is rising.
        services.AddSingleton(sp => new CanaryScheduler(sp.GetRequiredService<CanaryRunner>(), sp.GetRequiredService<IOptions<CanariesOptions>>().Value, sp.GetService<ICanaryEvidence>()));
        if (schedule == ServeSchedule.Timers)
        {
            services.AddHostedService<CanarySchedulingService>();
        }

        return builder;
    }

    private static IEnumerable<string> ExpandSuitePath(string path) =>
        Directory.Exists(path) ? Directory.EnumerateFiles(path, "*.yaml").Order(StringComparer.Ordinal) : [path];
}
