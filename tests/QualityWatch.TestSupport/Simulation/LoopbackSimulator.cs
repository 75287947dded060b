using QualityWatch.Core.Canaries;
using QualityWatch.Simulator;

namespace QualityWatch.TestSupport.Simulation;

/// <summary>
/// Starts the real provider simulator on a loopback port for tests: a manual clock, no sleeping (speed and latency
/// scale 0), the given models and scenarios. Each test project keeps only its own seed, models and answers.
/// </summary>
public static class LoopbackSimulator
{
    public static Task<SimulatorHost> StartAsync(int seed, DateTimeOffset? startTime, IEnumerable<SimulatedModelOptions> models, IGoldenAnswerBook? answers, params ScenarioOptions[] scenarios) =>
        SimulatorHost.StartAsync(
            new SimulatorOptions
            {
                Seed = seed,
                Speed = 0,
                LatencyScale = 0,
                StartTime = startTime,
                Models = [.. models],
                Scenarios = [.. scenarios],
            },
            answers,
            CancellationToken.None);

    /// <summary>A share <paramref name="rate"/> of calls fail (rate limits, 5xx, timeouts).</summary>
    public static ScenarioOptions ErrorBurst(double rate = 1) => new()
    {
        Name = "error-burst",
        Parameters = new(StringComparer.OrdinalIgnoreCase) { ["ErrorRate"] = rate },
    };

    /// <summary>The base URL a provider adapter of <paramref name="kind"/> takes for <paramref name="host"/>: OpenAI's SDK wants the <c>/v1</c> prefix.</summary>
    public static string ProviderBaseUrl(string kind, SimulatorHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        return kind == "openai" ? new Uri(host.BaseUrl, "v1").ToString() : host.BaseUrl.ToString();
    }
}
