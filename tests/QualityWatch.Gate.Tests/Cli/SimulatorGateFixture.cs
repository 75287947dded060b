using System.Globalization;
using System.Text;
using QualityWatch.Canaries.Suites;
using QualityWatch.Core.Canaries;
using QualityWatch.Simulator;

namespace QualityWatch.Gate.Tests.Cli;

/// <summary>
/// Real simulators on loopback for gate runs: same seed, same virtual instant (manual clock) and no sleeping, so
/// a healthy and a faulty simulator answer every prompt with the same draw and differ only by the fault.
/// </summary>
internal static class SimulatorGateFixture
{
    public static readonly DateTimeOffset Start = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

    public static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "QualityWatch.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("repository root not found above " + AppContext.BaseDirectory);
    }

    public static string ShippedSuites() => Path.Combine(RepositoryRoot(), "canaries");

    public static Task<SimulatorHost> StartAsync(IGoldenAnswerBook answers, IEnumerable<ScenarioOptions>? scenarios = null, List<SimulatedModelOptions>? models = null, int seed = 42) =>
        SimulatorHost.StartAsync(
            new SimulatorOptions
            {
                Seed = seed,
                Speed = 0,
                LatencyScale = 0,
                StartTime = Start,
                Scenarios = scenarios?.ToList() ?? [],
                Models = models ?? [],
            },
            answers,
            CancellationToken.None);

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
