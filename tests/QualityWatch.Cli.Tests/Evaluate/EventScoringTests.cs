using QualityWatch.Cli.Evaluate;

namespace QualityWatch.Cli.Tests.Evaluate;

public sealed class EventScoringTests
{
    /// <summary>Rows as text: 'L' labelled, 'F' flagged, 'B' both, '.' neither.</summary>
    private static EventScore Score(string rows) =>
        EventScoring.Score([.. rows.Select(c => c is 'L' or 'B')], [.. rows.Select(c => c is 'F' or 'B')]);

    [Fact]
    public void FlagInsideTheEvent_CatchesIt_WithTheDelayFromTheEventStart()
    {
        var score = Score("....LLBL....");

        Assert.Equal(new EventScore(12, Events: 1, Caught: 1, FalseAlarms: 0, DelayRows: 2), score);
    }

    [Fact]
    public void FlagThreeRowsAfterTheEnd_StillCatchesTheEvent()
    {
        var score = Score("..LL..F.....");

        Assert.Equal(1, score.Caught);
        Assert.Equal(0, score.FalseAlarms);
        Assert.Equal(4, score.DelayRows);
    }

    [Fact]
    public void FlagFourRowsAfterTheEnd_MissesTheEventAndIsAFalseAlarm()
    {
        var score = Score("..LL...F....");

        Assert.Equal(1, score.Events);
        Assert.Equal(0, score.Caught);
        Assert.Equal(1, score.FalseAlarms);
        Assert.Equal(0, score.DelayRows);
    }

    [Fact]
    public void EachEventsDelay_CountsFromItsStartToItsFirstFlag()
    {
        var score = Score(".LLLL.FFB");

        Assert.Equal(2, score.Events);
        Assert.Equal(2, score.Caught);
        Assert.Equal(5 + 0, score.DelayRows);
    }

    [Fact]
    public void FlagsOutsideEventsAtMostFiveRowsApart_AreOneFalseAlarm()
    {
        var score = Score("F....F....F.");

        Assert.Equal(1, score.FalseAlarms);
    }

    [Fact]
    public void FlagsOutsideEventsSixRowsApart_AreTwoFalseAlarms()
    {
        var score = Score("F.....F.....");

        Assert.Equal(2, score.FalseAlarms);
    }

    [Fact]
    public void EventAtTheEndOfTheSeries_IsScoredWithItsWindowCutShort()
    {
        var score = Score("F.........LL");

        Assert.Equal(new EventScore(12, Events: 1, Caught: 0, FalseAlarms: 1, DelayRows: 0), score);
    }

    [Fact]
    public void SeparateLabelledRuns_AreSeparateEvents()
    {
        var score = Score("LL.LLL....L.......");

        Assert.Equal(3, score.Events);
        Assert.Equal(0, score.Caught);
    }

    [Fact]
    public void NoLabelsAndNoFlags_ScoreNothing()
    {
        Assert.Equal(new EventScore(5, 0, 0, 0, 0), Score("....."));
        Assert.Equal(new EventScore(0, 0, 0, 0, 0), Score(string.Empty));
    }

    [Fact]
    public void LabelsAndFlagsOfDifferentLengths_AreAProgrammerError()
    {
        Assert.Throws<ArgumentException>(() => EventScoring.Score([true, false], [true]));
    }
}
