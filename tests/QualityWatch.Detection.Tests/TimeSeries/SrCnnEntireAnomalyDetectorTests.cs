using QualityWatch.Detection.TimeSeries;

namespace QualityWatch.Detection.Tests.TimeSeries;

public sealed class SrCnnEntireAnomalyDetectorTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void Detect_SpikeAfterFlatSeries_FlagsOnlyIndex20(int modeNumber)
    {
        var mode = (SrCnnDetectMode)modeNumber;
        var detector = new SrCnnEntireAnomalyDetector(new SrCnnEntireOptions { BatchSize = -1, Threshold = 0.3, Sensitivity = 99, DetectMode = mode });
        var points = detector.Detect(SeriesFixtures.FivesWithSpikeAt20());

        Assert.Equal([20], points.Select((p, i) => (p, i)).Where(t => t.p.IsAnomaly).Select(t => t.i));
    }

    [Fact]
    public void Detect_AnomalyAndMargin_ExpectedValueNearFiveAndBoundsAroundIt()
    {
        var detector = new SrCnnEntireAnomalyDetector(new SrCnnEntireOptions { BatchSize = -1, DetectMode = SrCnnDetectMode.AnomalyAndMargin });
        var points = detector.Detect(SeriesFixtures.FivesWithSpikeAt20());

        Assert.InRange(points[20].ExpectedValue, 4.0, 6.0);
        Assert.True(points[20].UpperBoundary < 10, "the spike lies above the upper boundary");
        Assert.All(points.Where((_, i) => i != 20), p => Assert.InRange(5.0, p.LowerBoundary, p.UpperBoundary));
        Assert.InRange(points[20].AnomalyScore, 0.0, 1.0);
    }

    [Fact]
    public void Detect_SmallWithinSigmaWiggle_IsVetoedByZScore()
    {
        // A 1.2σ bump in Gaussian noise is not an anomaly even if SR's saliency is high there.
        var series = SeriesFixtures.Noise(200, 100, 5, seed: 11);
        series[100] = 106;
        var detector = new SrCnnEntireAnomalyDetector(new SrCnnEntireOptions { BatchSize = -1 });

        Assert.False(detector.Detect(series)[100].IsAnomaly);
    }

    [Fact]
    public void Detect_SeasonalSeriesWithPeriod_DoesNotFlagTheNightlyDip()
    {
        // Daily cycle of 24 points with a deep nightly dip; period 24 removes it.
        var series = Enumerable.Range(0, 24 * 14).Select(i => (i % 24) < 4 ? 20.0 : 100.0 + (i % 3)).ToArray();
        var seasonal = new SrCnnEntireAnomalyDetector(new SrCnnEntireOptions { BatchSize = -1, Period = 24 });

        Assert.DoesNotContain(seasonal.Detect(series), p => p.IsAnomaly);
    }

    [Fact]
    public void Margin_SensitivityFactorsMatchMlNetTable()
    {
        Assert.Equal(532.0, SrCnnEntireAnomalyDetector.Margin(1, 0), 9);
        Assert.Equal(1.0, SrCnnEntireAnomalyDetector.Margin(1, 55), 9);
        Assert.Equal(0.0, SrCnnEntireAnomalyDetector.Margin(1, 100), 9);
    }
}
