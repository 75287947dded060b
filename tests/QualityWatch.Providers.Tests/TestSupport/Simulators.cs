using QualityWatch.Core.Canaries;
using QualityWatch.Simulator;
using QualityWatch.TestSupport.Simulation;

namespace QualityWatch.Providers.Tests.TestSupport;

/// <summary>Starts the real provider simulator with a manual clock, no sleeping, and a perfectly accurate model.</summary>
internal static class Simulators
{
    public const string Model = "sim-model";
    public const string Prompt = "What is 17 + 25? Reply with the number only.";

    public static Task<SimulatorHost> StartAsync(double accuracy = 1, params ScenarioOptions[] scenarios) =>
        LoopbackSimulator.StartAsync(
            seed: 11,
            new DateTimeOffset(2026, 1, 5, 0, 0, 0, TimeSpan.Zero),
            [new SimulatedModelOptions { Name = Model, Provider = "openai", DefaultAccuracy = accuracy, Fingerprint = "fp_sim_test" }],
            new OneAnswerBook(),
            scenarios);

    public static ScenarioOptions ErrorBurst(double rate = 1) => LoopbackSimulator.ErrorBurst(rate);

    public static ProviderOptions Options(string kind, SimulatorHost host, Action<ProviderOptions>? configure = null)
    {
        var options = new ProviderOptions
        {
            Name = $"sim-{kind}",
            Kind = kind,
            Model = Model,
            BaseUrl = LoopbackSimulator.ProviderBaseUrl(kind, host),
            MaxRetries = 0,
            RetryBaseDelaySeconds = 0.01,
            TimeoutSeconds = 10,
        };
        configure?.Invoke(options);
        return options;
    }

    private sealed class OneAnswerBook : IGoldenAnswerBook
    {
        public bool TryFind(string lastUserMessage, out GoldenAnswer answer)
        {
            answer = new GoldenAnswer("arithmetic", "add-017", "arithmetic", "42");
            return lastUserMessage.Trim() == Prompt;
        }
    }
}
