using QualityWatch.Detection.TimeSeries;

namespace QualityWatch.Detection.Tests.TimeSeries;

public sealed class SsaDetectorTests
{
    private static double[] Seasonal(int count, int seed) =>
        SeriesFixtures.Noise(count, 0, 0.2, seed).Select((e, i) => 10 + (5 * Math.Sin(2 * Math.PI * i / 10)) + e).ToArray();

    [Fact]
    public void SsaSpike_SpikeOnSeasonalSeries_FlagsTheSpikeAndNothingBeforeIt()
    {
        var series = Seasonal(300, 5);
        series[250] += 8;
        var detector = new SsaSpikeDetector(new SsaOptions { TrainingWindowSize = 100, SeasonalityWindowSize = 10, PvalueHistoryLength = 50, Confidence = 99 });
        var flagged = series.Select((x, i) => (i, detector.Update(x))).Where(t => t.Item2.IsAnomaly).Select(t => t.i).ToList();

        Assert.Contains(250, flagged);
        Assert.True(flagged.Count(i => i != 250 && i != 251) <= 2, $"flagged: {string.Join(',', flagged)}");
    }

    [Fact]
    public void SsaChangePoint_MlNetSeasonalGoldenShape_FlagsTheChangeAfterTraining()
    {
        // ML.NET ChangePointDetectionWithSeasonality: five seasons of 0..9 then i·100.
        var series = Enumerable.Range(0, 50).Select(i => (double)(i % 10)).Concat(Enumerable.Range(0, 10).Select(i => i * 100.0)).ToArray();
        var detector = new SsaChangePointDetector(SsaOptions.ChangePointDefaults with { ChangeHistoryLength = 10, TrainingWindowSize = 50, SeasonalityWindowSize = 10 });
        var outputs = series.Select(detector.Update).ToList();

        Assert.DoesNotContain(outputs.Take(50), o => o.IsChangePoint);
        Assert.Contains(outputs.Skip(50), o => o.IsChangePoint || o.Score > 0.5);
    }

    [Fact]
    public void Options_TrainingWindowTooShort_NamesTheParameter()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new SsaSpikeDetector(new SsaOptions { TrainingWindowSize = 10, SeasonalityWindowSize = 10 }));
        Assert.Equal("TrainingWindowSize", ex.ParamName);
    }
}
