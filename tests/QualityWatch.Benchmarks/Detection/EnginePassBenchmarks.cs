using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using QualityWatch.Core.Telemetry;
using QualityWatch.Detection.Engine;

namespace QualityWatch.Benchmarks.Detection;

/// <summary>
/// The engine's cost per series-minute of telemetry: 100 traffic series, one day of one-minute buckets (latency, time
/// to first token, output tokens, finish reasons, content features) through <see cref="DetectionEngine.Process"/>, one
/// pass a minute as <c>serve</c> runs it. Divide the time by 144,000 for the per-series-minute cost.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 3)]
[MemoryDiagnoser]
public class EnginePassBenchmarks
{
    private const int Series = 100;
    private const int Minutes = 1_440;
    private static readonly DateTimeOffset Start = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
    private List<SeriesBucket>[] _minutes = [];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(3);
        var keys = Enumerable.Range(0, Series).Select(i => SeriesKey.Of("provider-" + (i % 5), "model-" + i)).ToArray();
        _minutes = new List<SeriesBucket>[Minutes];
        for (int m = 0; m < Minutes; m++)
        {
            _minutes[m] = [];
            foreach (var key in keys)
            {
                double cycle = 1 + (0.15 * Math.Sin(2 * Math.PI * m / Minutes));
                long count = 20 + random.Next(10);
                _minutes[m].Add(new SeriesBucket(
                    key,
                    Start.AddMinutes(m),
                    count,
                    0,
                    new Dictionary<string, long>(),
                    0.8 * cycle * (1 + (0.1 * (random.NextDouble() - 0.5))),
                    1.6 * cycle,
                    0.3 * cycle * (1 + (0.1 * (random.NextDouble() - 0.5))),
                    count * 300,
                    count * (200 + random.Next(40)),
                    0m,
                    new Dictionary<string, long> { ["stop"] = count },
                    new Dictionary<string, long> { ["Latin"] = count * 500 },
                    0,
                    count,
                    900,
                    0,
                    0));
            }
        }
    }

    [Benchmark]
    public int HundredSeriesOneDay()
    {
        var engine = new DetectionEngine(new DetectionEngineOptions());
        int findings = 0;
        for (int m = 0; m < Minutes; m++)
        {
            findings += engine.Process(_minutes[m], [], Start.AddMinutes(m + 1)).Findings.Count;
        }

        return findings;
    }
}
