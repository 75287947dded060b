using QualityWatch.Canaries.Running;
using QualityWatch.Core.Canaries;
using QualityWatch.Core.Statistics;

namespace QualityWatch.Canaries.Tests.Running;

public sealed class CanarySummaryTests
{
    private static CanaryResult Result(string provider, string suite, CanaryOutcome outcome, int latencyMs) => new(
        "r", 1, DateTimeOffset.UnixEpoch, provider, "m", suite, "c", suite, outcome, TimeSpan.FromMilliseconds(latencyMs), null,
        outcome == CanaryOutcome.Unavailable ? null : 10, outcome == CanaryOutcome.Unavailable ? null : 2, outcome == CanaryOutcome.Unavailable ? 0 : 0.001m,
        null, outcome == CanaryOutcome.Unavailable ? "503" : null, "e", null, [], null, new Dictionary<string, string>());

    [Fact]
    public void Summarise_PassRateExcludesUnavailable_WithWilsonIntervalAndNearestRankPercentiles()
    {
        var results = new List<CanaryResult>();
        for (var i = 1; i <= 18; i++)
        {
            results.Add(Result("b", "arith", CanaryOutcome.Passed, i * 10));
        }

        results.Add(Result("b", "arith", CanaryOutcome.Failed, 190));
        results.Add(Result("b", "arith", CanaryOutcome.Failed, 200));
        results.Add(Result("b", "arith", CanaryOutcome.Unavailable, 5000));
        results.Add(Result("a", "arith", CanaryOutcome.Unavailable, 1));

        var rows = CanarySummary.Summarise(results);

        Assert.Equal(["a", "b"], rows.Select(r => r.Provider));
        var b = rows[1];
        Assert.Equal((21, 18, 2, 1), (b.Calls, b.Passed, b.Failed, b.Unavailable));
        Assert.Equal(0.9, b.PassRate);
        Assert.Equal(WilsonInterval.Compute(18, 20), (b.PassRateLow, b.PassRateHigh));
        Assert.Equal(20.0 / 21, b.Availability, 12);
        Assert.Equal(TimeSpan.FromMilliseconds(100), b.LatencyP50);
        Assert.Equal(TimeSpan.FromMilliseconds(190), b.LatencyP95);
        Assert.Equal((200L, 40L, 0.020m), (b.InputTokens, b.OutputTokens, b.Cost));
        var a = rows[0];
        Assert.Null(a.PassRate);
        Assert.Equal((0.0, 1.0), (a.PassRateLow, a.PassRateHigh));
        Assert.Null(a.LatencyP50);
    }
}
