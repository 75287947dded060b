namespace QualityWatch.Detection.Tests.TimeSeries;

internal static class SeriesFixtures
{
    /// <summary>ML.NET's SR golden series: twenty 5s, one 10 (index 20), five 5s.</summary>
    public static double[] FivesWithSpikeAt20() => [.. Enumerable.Repeat(5.0, 20), 10.0, .. Enumerable.Repeat(5.0, 5)];

    public static double[] Noise(int count, double mean, double sd, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => mean + (sd * Gaussian(random))).ToArray();
    }

    public static double Gaussian(Random random)
    {
        double u1 = 1.0 - random.NextDouble();
        double u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Sin(2.0 * Math.PI * u2);
    }
}
