using QualityWatch.Storage.Telemetry;

namespace QualityWatch.Storage.Tests.Telemetry;

public sealed class LogHistogramTests
{
    [Theory]
    [InlineData(0.5)]
    [InlineData(0.95)]
    [InlineData(0.99)]
    public void Quantile_OfLogNormalLatencies_IsWithinTwoPercentOfExact(double q)
    {
        var random = new Random(42);
        var values = Enumerable.Range(0, 20_000).Select(_ => Math.Exp(random.NextDouble() * 6 - 4)).ToArray();
        var histogram = new LogHistogram();
        foreach (var value in values)
        {
            histogram.Add(value);
        }

        var sorted = values.Order().ToArray();
        var exact = sorted[(int)Math.Floor(q * (sorted.Length - 1))];
        var estimate = histogram.Quantile(q)!.Value;
        Assert.InRange(Math.Abs(estimate - exact) / exact, 0, 0.02);
    }

    [Fact]
    public void Merge_OfTwoHalves_EqualsOneHistogramOfEverything()
    {
        var random = new Random(7);
        var values = Enumerable.Range(0, 5000).Select(_ => random.NextDouble() * 10).ToArray();
        var whole = new LogHistogram();
        var left = new LogHistogram();
        var right = new LogHistogram();
        for (var i = 0; i < values.Length; i++)
        {
            whole.Add(values[i]);
            (i % 2 == 0 ? left : right).Add(values[i]);
        }

        right.Merge(left);
        Assert.Equal(whole.Count, right.Count);
        foreach (var q in new[] { 0.1, 0.5, 0.9, 0.99 })
        {
            Assert.Equal(whole.Quantile(q), right.Quantile(q));
        }
    }

    [Fact]
    public void Quantile_OfEmptyHistogram_IsNull() => Assert.Null(new LogHistogram().Quantile(0.5));
}
