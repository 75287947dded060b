using Bogus;

namespace QualityWatch.Benchmarks.Detection;

/// <summary>
/// Bogus-generated per-minute series with a daily cycle, Gaussian noise and known injected faults: the labelled data the
/// evaluation harness scores detectors against. Seeded, so the table is reproducible.
/// </summary>
public sealed class SeriesGenerator(int seed)
{
    private readonly Randomizer _random = new(seed);

    public double Gaussian() => Math.Sqrt(-2.0 * Math.Log(1.0 - _random.Double())) * Math.Sin(2.0 * Math.PI * _random.Double());

    /// <summary>Latency-like series: level 0.2–2 s, noise sd 5% of level, daily amplitude up to 20% of level.</summary>
    public (double[] Values, double Sd) Baseline(int length)
    {
        double level = _random.Double(0.2, 2.0);
        double sd = level * 0.05;
        double amplitude = level * _random.Double(0, 0.2);
        int phase = _random.Int(0, 1439);
        var values = new double[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = level + (amplitude * Math.Sin(2 * Math.PI * (i + phase) / 1440.0)) + (sd * Gaussian());
        }

        return (values, sd);
    }

    /// <summary>Spikes of +<paramref name="sigmas"/>σ at <paramref name="count"/> random, well-separated points after a burn-in.</summary>
    public LabelledSeries WithSpikes(int length, int count, double sigmas)
    {
        var (values, sd) = Baseline(length);
        var starts = new SortedSet<int>();
        while (starts.Count < count)
        {
            int at = _random.Int(200, length - 10);
            if (starts.All(s => Math.Abs(s - at) > 100))
            {
                starts.Add(at);
            }
        }

        foreach (var at in starts)
        {
            values[at] += sigmas * sd;
        }

        return new LabelledSeries(values, [.. starts]);
    }

    /// <summary>A level shift of +<paramref name="sigmas"/>σ starting at a random point in the second half.</summary>
    public LabelledSeries WithLevelShift(int length, double sigmas)
    {
        var (values, sd) = Baseline(length);
        int at = _random.Int(length / 2, length - 200);
        for (int i = at; i < length; i++)
        {
            values[i] += sigmas * sd;
        }

        return new LabelledSeries(values, [at]);
    }

    /// <summary>Pass/fail checks: rate <paramref name="before"/> until a random change point, then <paramref name="after"/>.</summary>
    public (bool[] Passed, int ChangeAt) PassFail(int length, double before, double after)
    {
        int at = _random.Int(length / 2, length - 3000);
        var passed = new bool[length];
        for (int i = 0; i < length; i++)
        {
            passed[i] = _random.Double() < (i < at ? before : after);
        }

        return (passed, at);
    }
}
