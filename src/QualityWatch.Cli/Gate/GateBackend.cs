using Microsoft.Extensions.Configuration;
using QualityWatch.Canaries;
using QualityWatch.Canaries.Running;
using QualityWatch.Canaries.Suites;
using QualityWatch.Cli.Canaries;
using QualityWatch.Gate.Canaries;
using QualityWatch.Gate.Running;
using QualityWatch.Providers;
using QualityWatch.Simulator.Timing;

namespace QualityWatch.Cli.Gate;

/// <summary>
/// The providers and suites a gate run needs, from the configuration and the command line. Every problem is a
/// usage error found before the first call: an unknown provider, an invalid provider block, a bad suite file.
/// </summary>
internal sealed class GateBackend : IDisposable
{
    private readonly CanaryCaseRunner runner;

    private GateBackend(CanaryCaseRunner runner) => this.runner = runner;

    public ICaseRunner Runner => runner;

    public IReadOnlyList<GateSuite> Suites => runner.Suites;

    public static GateBackend Create(IConfiguration configuration, GateRequest request)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(request);
        List<ProviderOptions> configured;
        try
        {
            configured = configuration.GetSection(ProviderOptions.SectionName).Get<List<ProviderOptions>>() ?? [];
        }
        catch (InvalidOperationException ex)
        {
            throw CliException.Usage($"providers: {CliApplication.OneLine(ex.Message)}");
        }

        var needed = new List<(string Flag, string Name)> { ("--candidate", request.Candidate) };
        if (request.Baseline is { } baselineName)
        {
            needed.Add(("--baseline", baselineName));
        }

        var providers = new List<ProviderOptions>();
        foreach (var (flag, name) in needed)
        {
            var provider = configured.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.Ordinal))
                ?? throw CliException.Usage(configured.Count == 0
                    ? $"{flag} '{name}': no providers configured (add a 'providers:' list to the configuration)"
                    : $"{flag} '{name}' is not a configured provider (configured: {string.Join(", ", configured.Select(p => p.Name))})");
            if (provider.Validate() is { Count: > 0 } problems)
            {
                throw CliException.Usage(problems[0]);
            }

            if (!providers.Contains(provider))
            {
                providers.Add(provider);
            }
        }

        var loaded = SuiteLoader.LoadFiles(SuitePaths(request));
        if (loaded.Problems.Count > 0)
        {
            // A gate must judge every suite it was given: a broken suite file is an error, not a skipped file.
            throw CliException.Usage($"suite problem: {loaded.Problems[0]}" + (loaded.Problems.Count > 1 ? $" (and {loaded.Problems.Count - 1} more; see qualitywatch canary validate)" : string.Empty));
        }

        if (!loaded.Cases.Any())
        {
            throw CliException.Usage("no suite cases to run (give --suite FILE|DIR)");
        }

        var targets = new List<CanaryTarget>();
        try
        {
            foreach (var provider in providers)
            {
                targets.Add(CliCanaryTargets.Create(provider));
            }
        }
        catch (ArgumentException ex)
        {
            foreach (var target in targets)
            {
                target.Client.Dispose();
            }

            throw CliException.Usage(ex.Message.Split(" (Parameter", StringSplitOptions.None)[0]);
        }

        var latencyScale = (configuration.GetSection("Canaries").Get<CanariesOptions>() ?? new CanariesOptions()).LatencyScale;
        return new GateBackend(new CanaryCaseRunner(loaded.Suites, targets, streaming: false, callTimer: new SimulatedCallTimer(latencyScale > 0 ? latencyScale : 1)));
    }

    public void Dispose() => runner.Dispose();

    /// <summary>The given paths, else the <c>canaries</c> directory next to the config file, else in the working directory.</summary>
    private static IReadOnlyList<string> SuitePaths(GateRequest request)
    {
        if (request.Suites.Length > 0)
        {
            return request.Suites;
        }

        if (request.Config?.DirectoryName is { } configDirectory && Directory.Exists(Path.Combine(configDirectory, "canaries")))
        {
            return [Path.Combine(configDirectory, "canaries")];
        }

        return [Path.Combine(Directory.GetCurrentDirectory(), "canaries")];
    }
}
