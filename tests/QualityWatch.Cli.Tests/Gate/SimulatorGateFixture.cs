using System.Globalization;
using System.Text;
using QualityWatch.Canaries.Suites;
using QualityWatch.Core.Canaries;
using QualityWatch.Simulator;
using QualityWatch.TestSupport.Repository;
using QualityWatch.TestSupport.Simulation;

namespace QualityWatch.Cli.Tests.Gate;

/// <summary>
/// Real simulators on loopback for gate runs: same seed, same virtual instant (manual clock) and no sleeping, so
/// a healthy and a faulty simulator answer every prompt with the same draw and differ only by the fault.
/// </summary>
internal static class SimulatorGateFixture
{
    public static readonly DateTimeOffset Start = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

    public static string ShippedSuites() => RepositoryRoot.Canaries;

    public static Task<SimulatorHost> StartAsync(IGoldenAnswerBook answers, IEnumerable<ScenarioOptions>? scenarios = null, List<SimulatedModelOptions>? models = null, int seed = 42) =>
        LoopbackSimulator.StartAsync(seed, Start, models ?? [], answers, [.. scenarios ?? []]);

    public static SuiteAnswerBook AnswersFor(params string[] suitePaths) => new(SuiteLoader.LoadFiles(suitePaths).Suites);

    /// <summary>A qualitywatch.yaml with an OpenAI-compatible provider per (name, base URL), no retries.</summary>
    public static string Config(string model, params (string Name, string BaseUrl)[] providers)
    {
        var yaml = new StringBuilder("providers:\n");
        foreach (var (name, baseUrl) in providers)
        {
            yaml.Append(CultureInfo.InvariantCulture, $"  - name: {name}\n    kind: openai\n    base_url: {baseUrl}\n    model: {model}\n    max_retries: 0\n    timeout_seconds: 10\n");
        }

        return yaml.ToString();
    }

    public static string OpenAiUrl(SimulatorHost host) => new Uri(host.BaseUrl, "v1").ToString();
}
