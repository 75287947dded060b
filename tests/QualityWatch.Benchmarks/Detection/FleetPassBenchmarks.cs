using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using QualityWatch.Detection.Sequential;

namespace QualityWatch.Benchmarks.Detection;

/// <summary>One day of minutes for 10,000 series through the O(1) detectors: per-minute pass/fail counts into a
/// Bernoulli CUSUM and the latency value into a Gaussian CUSUM (target: under 10 s on one core).</summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 0, iterationCount: 3)]
public class FleetPassBenchmarks
{
    private const int Series = 10_000;
    private const int Minutes = 1_440;
    private long[] _failures = [];
    private double[] _latency = [];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(2);
        _failures = Enumerable.Range(0, Minutes).Select(_ => random.NextDouble() < 0.3 ? 1L : 0L).ToArray();
        _latency = Enumerable.Range(0, Minutes).Select(_ => 0.5 + (0.05 * random.NextDouble())).ToArray();
    }

    [Benchmark]
    public double TenThousandSeriesOneDay()
    {
        var options = new BernoulliCusumOptions();
        double h = CusumCalibration.Threshold(0.95, 0.90, 10_000);
        double sum = 0;
        for (int s = 0; s < Series; s++)
        {
            var quality = new BernoulliCusum(options, h);
            var latency = new GaussianCusum(0.525, 0.015);
            for (int m = 0; m < Minutes; m++)
            {
                quality.Add(5 - _failures[m], _failures[m]);
                latency.Step(_latency[m]);
            }

            sum += quality.Statistic + latency.High;
        }

        return sum;
    }
}
