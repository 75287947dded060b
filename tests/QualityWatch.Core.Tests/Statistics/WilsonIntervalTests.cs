using QualityWatch.Core.Statistics;

namespace QualityWatch.Core.Tests.Statistics;

public sealed class WilsonIntervalTests
{
    [Theory]
    // Reference values from Newcombe (1998), Table I, method 3 (Wilson score without continuity correction).
    [InlineData(81, 263, 0.2553, 0.3662)]
    [InlineData(15, 148, 0.0624, 0.1605)]
    [InlineData(0, 20, 0.0, 0.1611)]
    [InlineData(1, 29, 0.0061, 0.1718)]
    public void Compute_MatchesPublishedIntervals(long successes, long trials, double low, double high)
    {
        var (l, h) = WilsonInterval.Compute(successes, trials);

        Assert.Equal(low, l, 3);
        Assert.Equal(high, h, 3);
    }

    [Fact]
    public void Compute_NoTrials_IsTheWholeUnitInterval()
    {
        Assert.Equal((0.0, 1.0), WilsonInterval.Compute(0, 0));
    }
}
