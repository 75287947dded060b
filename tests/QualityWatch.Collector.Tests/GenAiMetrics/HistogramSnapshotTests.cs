using QualityWatch.Collector.GenAiMetrics;

namespace QualityWatch.Collector.Tests.GenAiMetrics;

public sealed class HistogramSnapshotTests
{
    // Buckets (0.5, 1] and (1, 2] at their midpoints, and the open bucket above 2 at its lower bound.
    private static readonly Dictionary<double, (double, double)> Ranges = new() { [0.75] = (0.5, 1), [1.5] = (1, 2), [2] = (2, double.PositiveInfinity) };

    private static HistogramSnapshot Snapshot(string layout, long count, double? sum, params (double Value, long Count)[] buckets) =>
        new(layout, new SortedDictionary<double, long>(buckets.ToDictionary(b => b.Value, b => b.Count)), count, sum, 1, Ranges);

    [Fact]
    public void Since_SameLayout_SubtractsBucketByBucket()
    {
        var previous = Snapshot("a", 3, 3.0, (0.75, 2), (1.5, 1));
        var current = Snapshot("a", 6, 7.25, (0.75, 3), (1.5, 2), (2, 1));

        var delta = current.Since(previous);

        Assert.Equal([(0.75, 1L), (1.5, 1L), (2, 1L)], delta.Buckets);
        Assert.Equal((3L, 4.25), (delta.Count, delta.Sum!.Value));
    }

    [Fact]
    public void Since_SumAboveTheMidpoints_MovesTheValuesUpWithinTheirBuckets()
    {
        // Every call 20% slower than the midpoints, still in the same buckets.
        var delta = Snapshot("a", 4, 5.4, (0.75, 2), (1.5, 2)).Since(null);

        Assert.Equal([(0.9, 2L), (1.8, 2L)], delta.Buckets.Select(b => (Math.Round(b.Value, 9), b.Count)));
    }

    [Fact]
    public void Since_SumFarBelowTheMidpoints_KeepsEachValueInsideItsBucket()
    {
        var delta = Snapshot("a", 4, 1.0, (0.75, 2), (1.5, 2)).Since(null);

        Assert.Equal([(0.5, 2L), (1.0, 2L)], delta.Buckets);
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
