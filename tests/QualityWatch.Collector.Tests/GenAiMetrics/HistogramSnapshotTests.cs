using QualityWatch.Collector.GenAiMetrics;

namespace QualityWatch.Collector.Tests.GenAiMetrics;

public sealed class HistogramSnapshotTests
{
    private static HistogramSnapshot Snapshot(string layout, long count, double? sum, params (double Value, long Count)[] buckets) =>
        new(layout, new SortedDictionary<double, long>(buckets.ToDictionary(b => b.Value, b => b.Count)), count, sum, 1);

    [Fact]
    public void Since_SameLayout_SubtractsBucketByBucket()
    {
        var previous = Snapshot("a", 3, 3.0, (0.75, 2), (1.5, 1));
        var current = Snapshot("a", 6, 8.0, (0.75, 3), (1.5, 2), (3, 1));

        var delta = current.Since(previous);

        Assert.Equal([(0.75, 1L), (1.5, 1L), (3, 1L)], delta.Buckets);
        Assert.Equal((3L, 5.0), (delta.Count, delta.Sum!.Value));
    }

    [Fact]
    public void Since_AllNewObservationsInOneBucket_PlacesThemAtTheirMean()
    {
        var delta = Snapshot("a", 3, 2.0, (0.75, 3)).Since(Snapshot("a", 1, 0.6, (0.75, 1)));

        Assert.Equal([(0.7, 2L)], delta.Buckets.Select(b => (Math.Round(b.Value, 9), b.Count)));
    }

    [Fact]
    public void Since_DifferentLayout_CountsTheGainAtItsMean()
    {
        var delta = Snapshot("b", 5, 10.0, (3, 5)).Since(Snapshot("a", 1, 2.0, (1.5, 1)));

        Assert.Equal([(2.0, 4L)], delta.Buckets);
    }

    [Fact]
    public void Since_NoGain_IsEmpty()
    {
        Assert.Equal(0, Snapshot("a", 2, 1.0, (0.75, 2)).Since(Snapshot("a", 2, 1.0, (0.75, 2))).Count);
    }

    [Fact]
    public void Since_PointWithoutBuckets_CountsAtTheMean()
    {
        Assert.Equal([(0.5, 4L)], Snapshot("a", 4, 2.0).Since(null).Buckets);
    }
}
