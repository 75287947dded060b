using QualityWatch.Collector.GenAi;
using QualityWatch.Core.Telemetry;

namespace QualityWatch.Collector.Tests.GenAi;

public sealed class SeriesCardinalityGuardTests
{
    [Fact]
    public void AdmitStored_FillsUpToTheLimit_MostRecentFirst_AndNeverCountsTheOverflowSeries()
    {
        var guard = new SeriesCardinalityGuard(3);
        Assert.Equal(SeriesKey.Of("p", "live"), guard.Admit(SeriesKey.Of("p", "live")));

        var added = guard.AdmitStored(["p/live/chat", SeriesCardinalityGuard.Overflow.Canonical, "p/a/chat", "p/b/chat", "p/c/chat"]);

        Assert.Equal(2, added);
        Assert.Equal(3, guard.Count);
        Assert.Equal(SeriesKey.Of("p", "b"), guard.Admit(SeriesKey.Of("p", "b")));
        Assert.Equal(SeriesCardinalityGuard.Overflow, guard.Admit(SeriesKey.Of("p", "c")));
        Assert.Equal(1, guard.Overflowed);
    }

    [Fact]
    public void AdmitStored_NeverTakesBackSeriesAdmittedBefore()
    {
        var guard = new SeriesCardinalityGuard(2);
        guard.Admit(SeriesKey.Of("p", "x"));
        guard.Admit(SeriesKey.Of("p", "y"));

        Assert.Equal(0, guard.AdmitStored(["p/a/chat", "p/b/chat"]));
        Assert.Equal(SeriesKey.Of("p", "x"), guard.Admit(SeriesKey.Of("p", "x")));
        Assert.Equal(SeriesCardinalityGuard.Overflow, guard.Admit(SeriesKey.Of("p", "a")));
    }
}
