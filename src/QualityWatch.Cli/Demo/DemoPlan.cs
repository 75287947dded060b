using QualityWatch.Core.Findings;
using QualityWatch.Simulator;

namespace QualityWatch.Cli.Demo;

/// <summary>
/// What the demo plays: the providers, the faults on the timeline, and the length of the run. Fault times are
/// fractions of the run so <c>--hours</c> compresses or stretches the same story.
/// </summary>
internal sealed record DemoPlan(string Name, TimeSpan Length, IReadOnlyList<DemoProvider> Providers, IReadOnlyList<DemoFault> Faults, string HealthyModel)
{
    public const string August2025 = "aug-2025";
    public const string Healthy = "healthy";

    public static IReadOnlyList<string> Names { get; } = [August2025, Healthy];

    public static IReadOnlyList<DemoProvider> DefaultProviders { get; } =
    [
        new("anthropic-sonnet", "anthropic", "claude-sonnet-4", "anthropic"),
        new("anthropic-opus", "anthropic", "claude-opus-4-1", "anthropic"),
        new("anthropic-haiku", "anthropic", "claude-haiku-3-5", "anthropic"),
        new("openai-prod", "openai", "gpt-4o-mini", "openai"),
        new("gemini-prod", "gemini", "gemini-2.5-flash", "gcp.gemini"),
    ];

    /// <summary>
    /// The simulator configuration for this plan: its models (the simulator's defaults where it knows the name) and
    /// its faults as scenarios, in virtual time from <paramref name="start"/> (the simulator's own start when null).
    /// </summary>
    public SimulatorOptions SimulatorOptions(int seed, DateTimeOffset? start = null, double latencyScale = 1)
    {
        var defaults = Simulator.SimulatorOptions.DefaultModels().ToDictionary(m => m.Name, StringComparer.Ordinal);
        var models = Providers.Select(p => defaults.TryGetValue(p.Model, out var known)
            ? known
            : new SimulatedModelOptions
            {
                Name = p.Model, Provider = p.SimulatorProvider, DefaultAccuracy = 0.95, Fingerprint = p.Model + "-20250805",
                Accuracy = new(StringComparer.OrdinalIgnoreCase) { ["arithmetic"] = 0.97, ["long-context"] = 0.93, ["code"] = 0.95 },
                TimeToFirstTokenMedianMs = 500, PerTokenMedianMs = 12,
            }).ToList();
        return new Simulator.SimulatorOptions
        {
            Port = 0,
            Seed = seed,
            Speed = 0,
            LatencyScale = latencyScale,
            StartTime = start,
            Models = models,
            Scenarios = Faults.Select(f => new ScenarioOptions
            {
                Name = f.Scenario,
                Model = f.Model,
                StartAfter = f.Start,
                Duration = f.Duration,
                Parameters = new Dictionary<string, double>(f.Parameters, StringComparer.OrdinalIgnoreCase),
            }).ToList(),
        };
    }

    /// <summary>The plan called <paramref name="name"/>, <paramref name="hours"/> simulated hours long.</summary>
    public static DemoPlan Create(string name, double hours)
    {
        var length = TimeSpan.FromHours(hours);
        TimeSpan At(double fraction) => TimeSpan.FromMinutes(Math.Round(length.TotalMinutes * fraction));
        var none = new Dictionary<string, double>();
        return name switch
        {
            August2025 => new DemoPlan(name, length, DefaultProviders,
            [
                new("routing-bug", "anthropic-sonnet", "claude-sonnet-4", At(0.10), null,
                    new Dictionary<string, double> { ["StartShare"] = 0.008, ["EndShare"] = 0.16 },
                    [FindingKinds.StickyRouting, FindingKinds.RoutingAnomaly, FindingKinds.QualityRegression, FindingKinds.LatencyDrift, FindingKinds.SamplingDivergence],
                    "context-window routing bug: 0.8% → 16% of Sonnet 4 requests sent to the wrong server pool"),
                new("output-corruption", "anthropic-opus", "claude-opus-4-1", At(0.30), At(0.30), none,
                    [FindingKinds.OutputCorruption, FindingKinds.QualityRegression, FindingKinds.SamplingDivergence],
                    "TPU misconfiguration: stray Thai/Chinese characters in English answers for a few days"),
                new("topk-miscompile", "anthropic-haiku", "claude-haiku-3-5", At(0.35), null, none,
                    [FindingKinds.SamplingDivergence, FindingKinds.QualityRegression],
                    "XLA approximate top-k miscompilation: the most probable token sometimes dropped (~3 points, 15% of temperature-0 answers diverge)"),
                new("latency-drift", "openai-prod", "gpt-4o-mini", At(0.25), null, none,
                    [FindingKinds.LatencyDrift],
                    "latency creeping up to 2× on another provider"),
            ], "gemini-2.5-flash"),
            Healthy => new DemoPlan(name, length, DefaultProviders, [], "gemini-2.5-flash"),
            _ => throw CliException.Usage($"unknown demo scenario '{name}' (known: {string.Join(", ", Names)})"),
        };
    }
}
