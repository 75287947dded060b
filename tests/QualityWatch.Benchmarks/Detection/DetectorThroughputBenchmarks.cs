using BenchmarkDotNet.Attributes;
using QualityWatch.Detection.Sequential;
using QualityWatch.Detection.TimeSeries;

namespace QualityWatch.Benchmarks.Detection;

/// <summary>Points per second for each streaming detector (OperationsPerInvoke = points, so "Mean" is per point).</summary>
[MemoryDiagnoser]
public class DetectorThroughputBenchmarks
{
    private const int Points = 20_000;
    private double[] _values = [];
    private bool[] _checks = [];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        _values = Enumerable.Range(0, Points).Select(i => 10 + Math.Sin(i / 10.0) + random.NextDouble()).ToArray();
        _checks = Enumerable.Range(0, Points).Select(_ => random.NextDouble() < 0.05).ToArray();
    }

    [Benchmark(OperationsPerInvoke = Points)]
    public double BernoulliCusum()
    {
        var cusum = new BernoulliCusum(new BernoulliCusumOptions(), 5.0);
        foreach (var failed in _checks)
        {
            cusum.Step(failed);
        }

        return cusum.Statistic;
    }

    [Benchmark(OperationsPerInvoke = Points)]
    public double GaussianCusum()
    {
        var cusum = new GaussianCusum(10.5, 0.7);
        foreach (var v in _values)
        {
            cusum.Step(v);
        }

        return cusum.High;
    }

    [Benchmark(OperationsPerInvoke = Points)]
    public double IidSpike_History100() => Run(new IidSpikeDetector(new IidSpikeOptions()));

    [Benchmark(OperationsPerInvoke = Points)]
    public double IidChangePoint_History20() => Run(new IidChangePointDetector(new IidChangePointOptions()));

    [Benchmark(OperationsPerInvoke = Points)]
    public double SsaSpike_Training100() => Run(new SsaSpikeDetector(new SsaOptions()));

    [Benchmark(OperationsPerInvoke = Points)]
    public double SrStreaming_Window64() => Run(new SrCnnAnomalyDetector(new SrCnnOptions()));

    private double Run(IStreamingDetector detector)
    {
        double sum = 0;
        foreach (var v in _values)
        {
            sum += detector.Update(v).Score;
        }

        return sum;
    }
}
