using QualityWatch.Detection.TimeSeries;

namespace QualityWatch.Detection.Tests.TimeSeries;

public sealed class IidChangePointDetectorTests
{
    [Fact]
    public void Update_MlNetChangeDetectionGoldenCase_MatchesAlertRawPValueAndMartingale()
    {
        // ML.NET TimeSeriesDirectApi.ChangeDetection: confidence 80, changeHistoryLength 10, five 5s then 5 + 1.1·i.
        var detector = new IidChangePointDetector(new IidChangePointOptions { Confidence = 80, ChangeHistoryLength = 10 });
        double[] expected =
        [
            0, 5, 0.5, 5.1200000000000114E-08,
            0, 5, 0.4999999995, 5.1200000046080209E-08,
            0, 5, 0.4999999995, 5.1200000092160303E-08,
            0, 5, 0.4999999995, 5.12000001382404E-08,
        ];

        for (int row = 0; row < 4; row++)
        {
            var output = detector.Update(5);
            Assert.Equal(expected[(row * 4) + 0], output.IsChangePoint ? 1 : 0);
            Assert.Equal(expected[(row * 4) + 1], output.RawScore);
            Assert.Equal(expected[(row * 4) + 2], output.PValue, 12);
            Assert.Equal(expected[(row * 4) + 3], output.Martingale, 1e-20);
        }
    }

    [Fact]
    public void Update_MlNetDocsSampleStepFrom5To7_AlertsAtIndex8WithMartingale10298()
    {
        // ML.NET DetectIidChangePoint sample: eight 5s then eight 7s, confidence 95, changeHistoryLength 16/4.
        var detector = new IidChangePointDetector(new IidChangePointOptions { Confidence = 95, ChangeHistoryLength = 4 });
        double[] series = [.. Enumerable.Repeat(5.0, 8), .. Enumerable.Repeat(7.0, 8)];
        var outputs = series.Select(detector.Update).ToList();

        Assert.Equal([8], outputs.Select((o, i) => (o, i)).Where(t => t.o.IsChangePoint).Select(t => t.i));
        Assert.Equal(10298.67, outputs[8].Martingale, 0.01);
        Assert.Equal(1.0, outputs[8].Score);
    }

    [Theory]
    [InlineData(0, 20, "Confidence")]
    [InlineData(100, 20, "Confidence")]
    [InlineData(95, 1, "ChangeHistoryLength")]
    public void Constructor_OutOfRangeOption_NamesTheParameter(double confidence, int history, string parameter)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new IidChangePointDetector(new IidChangePointOptions { Confidence = confidence, ChangeHistoryLength = history }));
        Assert.Equal(parameter, ex.ParamName);
        Assert.Contains(parameter, ex.Message, StringComparison.Ordinal);
    }
}
