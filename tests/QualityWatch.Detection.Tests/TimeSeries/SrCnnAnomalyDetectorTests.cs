using QualityWatch.Detection.TimeSeries;

namespace QualityWatch.Detection.Tests.TimeSeries;

public sealed class SrCnnAnomalyDetectorTests
{
    [Fact]
    public void Update_MlNetGoldenSpikeAfterFlatSeries_FlagsOnlyIndex20()
    {
        // ML.NET AnomalyDetectionWithSrCnn: DetectAnomalyBySrCnn(windowSize 16, backAdd 5, lookahead 5, averaging 3, judgement 8, threshold 0.35).
        var detector = new SrCnnAnomalyDetector(new SrCnnOptions { WindowSize = 16, JudgementWindowSize = 8, Threshold = 0.35 });
        var outputs = SeriesFixtures.FivesWithSpikeAt20().Select(detector.Update).ToList();

        Assert.Equal([20], outputs.Select((o, i) => (o, i)).Where(t => t.o.IsAnomaly).Select(t => t.i));
    }

    [Fact]
    public void Update_ConstantSeries_NeverAlarmsAndScoresZero()
    {
        var detector = new SrCnnAnomalyDetector(new SrCnnOptions());
        var outputs = Enumerable.Repeat(42.0, 300).Select(detector.Update).ToList();

        Assert.All(outputs, o => Assert.False(o.IsAnomaly));
        Assert.All(outputs, o => Assert.Equal(0, o.Score, 9));
    }

    [Theory]
    [InlineData(1, 5, "WindowSize")]
    [InlineData(64, 0, "BackAddWindowSize")]
    public void Constructor_OutOfRangeOption_NamesTheParameter(int window, int backAdd, string parameter)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new SrCnnAnomalyDetector(new SrCnnOptions { WindowSize = window, BackAddWindowSize = backAdd }));
        Assert.Equal(parameter, ex.ParamName);
    }
}

public sealed class SrCnnIncrementalTransformTests
{
    [Fact]
    public void Update_SlidingTransform_MatchesAFullFftOfEachWindowAcrossRecomputes()
    {
        var options = new SrCnnOptions();
        var detector = new SrCnnAnomalyDetector(options);
        var series = SeriesFixtures.Noise(2200, 100, 10, seed: 21);
        for (int i = 0; i < series.Length; i++)
        {
            var output = detector.Update(series[i]);
            if (i < options.WindowSize)
            {
                continue;
            }

            // Reference: ML.NET's steps with a full FFT of the window plus its back-added tail.
            var window = series.AsSpan(i - options.WindowSize + 1, options.WindowSize);
            var saliency = SpectralResidual.Saliency(window, options.BackAddWindowSize, options.LookaheadWindowSize, options.AveragingWindowSize);
            var averaged = SpectralResidual.AverageFilter(saliency, options.JudgementWindowSize);
            double expected = SpectralResidual.Score(saliency[options.WindowSize - 1], averaged[options.WindowSize - 1]) / 10.0;
            Assert.Equal(expected, output.RawScore, 9);
        }
    }
}
