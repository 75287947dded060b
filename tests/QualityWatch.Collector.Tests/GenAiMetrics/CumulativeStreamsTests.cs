using QualityWatch.Collector.GenAiMetrics;

namespace QualityWatch.Collector.Tests.GenAiMetrics;

public sealed class CumulativeStreamsTests
{
    private static readonly DateTimeOffset Started = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);

    private static HistogramSnapshot Point(long count, DateTimeOffset start) =>
        new("a", new SortedDictionary<double, long> { [0.75] = count }, count, count * 0.5, (ulong)(start - DateTimeOffset.UnixEpoch).Ticks * 100);

    private static CumulativeStreams Streams() => new(new FixedTime(Started));

    [Fact]
    public void Advance_CountsTheGainSinceTheStreamsPreviousPoint()
    {
        var streams = Streams();
        var undo = new List<(string, HistogramSnapshot?)>();

        Assert.Equal(2, streams.Advance("s", Point(2, Started.AddSeconds(1)), undo)!.Count);
        Assert.Equal(3, streams.Advance("s", Point(5, Started.AddSeconds(1)), undo)!.Count);
        Assert.Equal(0, streams.Advance("s", Point(5, Started.AddSeconds(1)), undo)!.Count);
    }

    [Fact]
    public void Advance_NewStartTimeOrLowerCount_IsAResetCountedInFull()
    {
        var streams = Streams();
        var undo = new List<(string, HistogramSnapshot?)>();
        streams.Advance("s", Point(5, Started.AddSeconds(1)), undo);

        Assert.Equal(2, streams.Advance("s", Point(2, Started.AddSeconds(9)), undo)!.Count);
        Assert.Equal(1, streams.Advance("s", Point(1, Started.AddSeconds(9)), undo)!.Count);
    }

    [Fact]
    public void Advance_StreamThatStartedBeforeTheCollector_FirstPointIsABaseline()
    {
        var streams = Streams();
        var undo = new List<(string, HistogramSnapshot?)>();

        Assert.Equal(0, streams.Advance("s", Point(10, Started.AddHours(-1)), undo)!.Count);
        Assert.Equal(2, streams.Advance("s", Point(12, Started.AddHours(-1)), undo)!.Count);
    }

    [Fact]
    public void Undo_AfterAFailedCommit_TheRetriedPointCountsAgain()
    {
        var streams = Streams();
        streams.Advance("s", Point(2, Started.AddSeconds(1)), []);
        var undo = new List<(string, HistogramSnapshot?)>();
        streams.Advance("s", Point(5, Started.AddSeconds(1)), undo);

        streams.Undo(undo);

        Assert.Equal(3, streams.Advance("s", Point(5, Started.AddSeconds(1)), [])!.Count);
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
