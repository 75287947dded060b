using QualityWatch.Alerts.Evidence;
using QualityWatch.Core.Alerts;
using QualityWatch.Core.Findings;

namespace QualityWatch.Alerts.Tests.Evidence;

public sealed class EvidenceTextTests
{
    private static AlertEvidence With(string statistic, double value, double threshold, string unit = "pass-rate") => new(
        "detector", statistic, value, threshold, 1e-9, null,
        new ValueWithInterval(0.8956, 0.8903, 0.9074, 5079, unit), new ValueWithInterval(0.8, 0.75, 0.85, 120, unit),
        DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, "effect 9.6 points; p = 1e-9", []);

    [Fact]
    public void Time_IsToTheMinuteInUtc_NotRawIso8601()
    {
        var text = EvidenceText.Time(new DateTimeOffset(2026, 12, 1, 17, 29, 0, TimeSpan.FromHours(1)));

        Assert.Equal("2026-12-01 16:29 UTC", text);
    }

    [Fact]
    public void Value_OfAShare_IsInPercentWithItsInterval()
    {
        var text = EvidenceText.Value(new ValueWithInterval(0.07928, 0.06, 0.1, 600, "outputs-with-unexpected-script"));

        Assert.Equal("7.928 % [6.0 %, 10.0 %] (n = 600)", text);
    }

    [Fact]
    public void Value_OfSeconds_IsInMilliseconds()
    {
        Assert.Equal("830 ms [700 ms, 910 ms] (n = 40)", EvidenceText.Value(new ValueWithInterval(0.83, 0.7, 0.91, 40, "seconds")));
    }

    [Fact]
    public void Statistic_ThatIsAPValue_IsLabelledAsOneAgainstItsSignificanceLevel()
    {
        var text = EvidenceText.Statistic(With("Mann–Whitney p-value", 3.2e-9, 0.001, "seconds"));

        Assert.Equal("Mann–Whitney p-value: p = 3.2e-9 (significance level 0.001)", text);
    }

    [Fact]
    public void Statistic_ThatIsAShareBound_IsInPercentLikeItsThreshold()
    {
        var text = EvidenceText.Statistic(With("current share, lower 95 % bound", 0.0612, 0.004, "unexpected-script-share"));

        Assert.Equal("current share, lower 95 % bound = 6.12 % (threshold 0.4 %)", text);
    }
}
