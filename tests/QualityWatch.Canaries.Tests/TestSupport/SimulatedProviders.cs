using QualityWatch.Canaries.Running;
using QualityWatch.Canaries.Suites;
using QualityWatch.Core.Canaries;
using QualityWatch.Providers;
using QualityWatch.Simulator;
using QualityWatch.TestSupport.Simulation;

namespace QualityWatch.Canaries.Tests.TestSupport;

/// <summary>The real simulator (manual clock, no sleeping) answering from the suites' golden answers.</summary>
internal static class SimulatedProviders
{
    public const string Model = "sim-canary-model";

    public static Task<SimulatorHost> StartAsync(IGoldenAnswerBook book, double accuracy = 1, params ScenarioOptions[] scenarios) =>
        LoopbackSimulator.StartAsync(
            seed: 3,
            new DateTimeOffset(2026, 2, 2, 0, 0, 0, TimeSpan.Zero),
            [new SimulatedModelOptions { Name = Model, Provider = "openai", DefaultAccuracy = accuracy, Fingerprint = "fp_canary_sim", TailProbability = 0 }],
            book,
            scenarios);

    public static ScenarioOptions ErrorBurst(double rate = 1) => LoopbackSimulator.ErrorBurst(rate);

    public static ProviderOptions Options(string kind, SimulatorHost host, string? name = null, Action<ProviderOptions>? configure = null)
    {
        var options = new ProviderOptions
        {
            Name = name ?? $"sim-{kind}",
            Kind = kind,
            Model = Model,
            BaseUrl = LoopbackSimulator.ProviderBaseUrl(kind, host),
            MaxRetries = 0,
            RetryBaseDelaySeconds = 0.01,
            TimeoutSeconds = 20,
            MaxConcurrency = 8,
            InputPricePerMillion = 0.15m,
            OutputPricePerMillion = 0.60m,
            CircuitMinimumThroughput = 1000,
            Region = "test-region",
        };
        configure?.Invoke(options);
        return options;
    }

    public static CanaryTarget Target(string kind, SimulatorHost host, string? name = null, Action<ProviderOptions>? configure = null) =>
        CanaryTarget.Create(Options(kind, host, name, configure));

    public static CanarySuite Suite(string name, params CanaryCase[] cases) => new(name, string.Empty, name, "test.yaml", cases);
}
