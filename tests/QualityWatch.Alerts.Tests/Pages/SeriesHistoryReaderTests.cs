using QualityWatch.Alerts.Pages;
using QualityWatch.Core.Alerts;
using QualityWatch.Core.Canaries;
using QualityWatch.Core.Findings;

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

    [Fact]
    public void IdenticalShareBins_CountPassingAnswersEqualToTheirCasesUsualAnswer_AndIgnoreFailures()
    {
        var t = new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);
        CanaryResult Answer(int minute, string caseId, string actual, bool passed = true) => new(
            "run", minute, t.AddMinutes(minute), "anthropic", "claude-haiku-3-5", "arithmetic", caseId, "math",
            passed ? CanaryOutcome.Passed : CanaryOutcome.Failed, TimeSpan.FromMilliseconds(300), null, 10, 2, 0m, "stop", null,
            "4", actual, [], null, new Dictionary<string, string>());
        List<CanaryResult> results =
        [
            Answer(0, "a", "4"), Answer(0, "b", "9"),
            Answer(1, "a", "4"), Answer(1, "b", "9"),
            Answer(2, "a", "4\n"), Answer(2, "b", "9"), Answer(2, "a", "5", passed: false),
        ];

        var bins = SeriesHistoryReader.IdenticalShareBins(results, TimeSpan.FromMinutes(1)).OrderBy(b => b.Time).ToList();

        Assert.Equal([(t, 2L, 2L), (t.AddMinutes(1), 2L, 2L), (t.AddMinutes(2), 1L, 2L)], bins);
        Assert.True(ChartMeasure.For(FindingKinds.SamplingDivergence, "temperature-zero-divergence").NeedsAnswers);
    }

    [Fact]
    public void GreedyViolationBins_SumTokensAndViolationsOfResultsThatReportedLogprobs_AndTheGreedyDetectorChartsThem()
    {
        var t = new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);
        CanaryResult Answer(int minute, long? tokens, long? violations) => new(
            "run", minute, t.AddMinutes(minute), "openai", "gpt-4o-mini", "arithmetic", "a", "math",
            CanaryOutcome.Passed, TimeSpan.FromMilliseconds(300), null, 10, 2, 0m, "stop", null,
            "4", "4", [], null, new Dictionary<string, string>(), LogprobTokens: tokens, GreedyViolations: violations);
        List<CanaryResult> results = [Answer(0, 40, 0), Answer(0, 10, 1), Answer(0, null, null), Answer(1, 30, 3)];

        var bins = SeriesHistoryReader.GreedyViolationBins(results, TimeSpan.FromMinutes(1)).OrderBy(b => b.Time).ToList();

        Assert.Equal([(t, 1L, 50L), (t.AddMinutes(1), 3L, 30L)], bins);
        var measure = ChartMeasure.For(FindingKinds.SamplingDivergence, "greedy-violation-cusum");
        Assert.Equal(ChartMeasure.RollingGreedyViolationShare, measure.Name);
        Assert.True(measure.NeedsAnswers && measure.IsRolling && measure.HigherIsWorse);
    }
}
