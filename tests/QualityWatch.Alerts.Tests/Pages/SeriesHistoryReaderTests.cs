using QualityWatch.Alerts.Pages;
using QualityWatch.Core.Alerts;

namespace QualityWatch.Alerts.Tests.Pages;

public sealed class SeriesHistoryReaderTests
{
    [Fact]
    public void EarlierEpisodes_AreTheResolvedEpisodesBeforeTheCurrentOne()
    {
        var t = new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);
        List<AlertTransition> history =
        [
            new("al", t, null, AlertState.Firing, "detector", "opened"),
            new("al", t.AddHours(1), AlertState.Firing, AlertState.Resolved, "auto", "recovered"),
            new("al", t.AddHours(2), AlertState.Resolved, AlertState.Firing, "detector", "regressed"),
        ];

        Assert.Equal([new ChartEpisode(t, t.AddHours(1))], SeriesHistoryReader.EarlierEpisodes(history));
        Assert.Equal([new ChartEpisode(t, t.AddHours(1))], SeriesHistoryReader.EarlierEpisodes([.. history, new("al", t.AddHours(3), AlertState.Firing, AlertState.Resolved, "auto", "recovered")]));
    }
}
