using System.ClientModel;
using OpenAI;
using QualityWatch.Core.Telemetry;
using QualityWatch.Simulator;
using QualityWatch.TestSupport.Simulation;

namespace QualityWatch.Collector.Tests.Support;

/// <summary>
/// The provider simulator speaking the OpenAI wire protocol on a loopback port (no sleeping, no latency tail), for
/// tests where a real SDK calls a model and a real telemetry producer reports the call.
/// </summary>
internal static class SimulatedOpenAi
{
    public static Task<SimulatorHost> StartAsync(IEnumerable<string> models, params ScenarioOptions[] scenarios) =>
        LoopbackSimulator.StartAsync(
            seed: 17,
            startTime: null,
            models.Select(model => new SimulatedModelOptions { Name = model, Provider = "openai", TailProbability = 0 }),
            answers: null,
            scenarios);

    /// <summary>Every answer of <paramref name="model"/> carries stray Thai or Chinese characters.</summary>
    public static ScenarioOptions OutputCorruption(string model) => new() { Name = "output-corruption", Model = model, Parameters = new(StringComparer.OrdinalIgnoreCase) { ["Share"] = 1 } };

    /// <summary>Every answer of <paramref name="model"/> stops early with finish_reason <c>length</c>.</summary>
    public static ScenarioOptions Truncation(string model) => new() { Name = "truncation", Model = model, Parameters = new(StringComparer.OrdinalIgnoreCase) { ["Share"] = 1 } };

    /// <summary>The official OpenAI client, pointed at the simulator.</summary>
    public static OpenAIClient Client(SimulatorHost simulator) =>
        new(new ApiKeyCredential("sk-test"), new OpenAIClientOptions { Endpoint = new Uri(simulator.BaseUrl, "v1") });

    /// <summary>The calls of one model, whichever minutes they fell in, as one bucket-like sum.</summary>
    public static SeriesSum Sum(IReadOnlyList<SeriesBucket> buckets, string model)
    {
        var ofModel = buckets.Where(b => b.Key.Model == model).ToList();
        return new SeriesSum(
            ofModel.Select(b => b.Key).Distinct().ToList(),
            ofModel.Sum(b => b.Count),
            ofModel.Sum(b => b.InputTokens),
            ofModel.Sum(b => b.OutputTokens),
            Merge(ofModel.Select(b => b.FinishReasons)),
            Merge(ofModel.Select(b => b.ErrorsByType)),
            ofModel.Sum(b => b.OutputsAnalysed),
            ofModel.Sum(b => b.OutputsWithUnexpectedScript));
    }

    private static Dictionary<string, long> Merge(IEnumerable<IReadOnlyDictionary<string, long>> counts)
    {
        var merged = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (key, count) in counts.SelectMany(c => c))
        {
            merged[key] = merged.GetValueOrDefault(key) + count;
        }

        return merged;
    }
}
