using QualityWatch.Detection.TimeSeries;

namespace QualityWatch.Detection.Tests.TimeSeries;

public sealed class IidSpikeDetectorTests
{
    [Fact]
    public void Update_SpikeAfterFlatSeries_FlagsOnlyIndex20()
    {
        var detector = new IidSpikeDetector(new IidSpikeOptions { Confidence = 95, PvalueHistoryLength = 8 });
        var flagged = SeriesFixtures.FivesWithSpikeAt20().Select((x, i) => (i, detector.Update(x))).Where(t => t.Item2.IsAnomaly).Select(t => t.i);

        Assert.Equal([20], flagged);
    }

    [Fact]
    public void Update_PositiveSide_IgnoresDips()
    {
        var detector = new IidSpikeDetector(new IidSpikeOptions { Confidence = 95, PvalueHistoryLength = 8, Side = AnomalySide.Positive });
        double[] series = [.. Enumerable.Repeat(5.0, 20), 1.0, .. Enumerable.Repeat(5.0, 5)];

        Assert.DoesNotContain(series.Select(detector.Update), o => o.IsAnomaly);
    }

    [Fact]
    public void SaveAndLoad_ContinueExactlyWhereTheOriginalWouldHave()
    {
        var series = SeriesFixtures.Noise(150, 0, 1, seed: 9);
        var original = new IidSpikeDetector(new IidSpikeOptions());
        foreach (var x in series.Take(100))
        {
            original.Update(x);
        }

        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            original.Save(writer);
        }

        stream.Position = 0;
        var restored = new IidSpikeDetector(new IidSpikeOptions());
        using (var reader = new BinaryReader(stream))
        {
            restored.Load(reader);
        }

        foreach (var x in series.Skip(100))
        {
            Assert.Equal(original.Update(x), restored.Update(x));
        }
    }
}
