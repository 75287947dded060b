using Bogus;

namespace QualityWatch.Detection.Tests.Seasonal;

/// <summary>Generated series for the seasonal detector: a daily cycle plus Gaussian noise, from a fixed seed.</summary>
internal static class SeasonalSeries
{
    public static double[] Healthy(int seed, int length, int period, double amplitude, double noise, double level = 100)
    {
        var random = new Randomizer(seed);
        var values = new double[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = level + (amplitude * Math.Sin(2 * Math.PI * i / period)) + (noise * Gaussian(random));
        }

        return values;
    }

    public static double[] SquareWave(int length, int period, double low, double high) =>
        Enumerable.Range(0, length).Select(i => i % period < period / 2 ? low : high).ToArray();

    public static double Gaussian(Randomizer random)
    {
        double u1 = 1.0 - random.Double();
        double u2 = random.Double();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
