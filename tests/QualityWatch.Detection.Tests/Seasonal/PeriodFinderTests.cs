using QualityWatch.Detection.Seasonal;

namespace QualityWatch.Detection.Tests.Seasonal;

public sealed class PeriodFinderTests
{
    [Fact]
    public void Find_HourlyRowsWithADailyCycle_FindsTwentyFour()
    {
        var values = SeasonalSeries.Healthy(1, 24 * 14, 24, amplitude: 10, noise: 2);
        var timeline = SeriesTimeline.FromSeconds(Enumerable.Range(0, values.Length).Select(i => i * 3600.0).ToArray());

        var (period, correlation) = PeriodFinder.Find(timeline, values);

        Assert.Equal(24, period);
        Assert.True(correlation > 0.8);
    }

    [Fact]
    public void Find_PureNoise_FindsNoPeriod()
    {
        var values = SeasonalSeries.Healthy(2, 24 * 14, 24, amplitude: 0, noise: 2);
        var timeline = SeriesTimeline.FromSeconds(Enumerable.Range(0, values.Length).Select(i => i * 3600.0).ToArray());

        Assert.Equal(0, PeriodFinder.Find(timeline, values).Period);
    }

    [Fact]
    public void Find_TooFewCycles_FindsNoPeriod()
    {
        var values = SeasonalSeries.Healthy(3, 24 * 2, 24, amplitude: 10, noise: 0.1);
        var timeline = SeriesTimeline.FromSeconds(Enumerable.Range(0, values.Length).Select(i => i * 3600.0).ToArray());

        Assert.Equal(0, PeriodFinder.Find(timeline, values).Period);
    }

    [Fact]
    public void Find_ADailyCycleWithSpikesAndGaps_StillFindsIt()
    {
        var values = SeasonalSeries.Healthy(4, 24 * 20, 24, amplitude: 10, noise: 3);
        for (int i = 5; i < values.Length; i += 37)
        {
            values[i] += 500;
        }

        var seconds = Enumerable.Range(0, values.Length).Where(i => i % 50 != 7).Select(i => i * 3600.0).ToArray();
        var kept = Enumerable.Range(0, values.Length).Where(i => i % 50 != 7).Select(i => values[i]).ToArray();

        Assert.Equal(24, PeriodFinder.Find(SeriesTimeline.FromSeconds(seconds), kept).Period);
    }

    [Fact]
    public void Timeline_GapsSkipSlotsAndDuplicatesShareOne()
    {
        var timeline = SeriesTimeline.FromSeconds([0, 60, 60, 120, 300, 360]);

        Assert.Equal(60, timeline.SpacingSeconds);
        Assert.Equal(new long[] { 0, 1, 1, 2, 5, 6 }, timeline.Slots);
    }
}
