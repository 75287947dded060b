using QualityWatch.Gate.Reports;
using QualityWatch.Gate.Tests.Support;

namespace QualityWatch.Gate.Tests.Reports;

public sealed class MarkdownReportWriterTests
{
    [Fact]
    public async Task Render_RegressedRun_HasVerdictRatesWithWilsonIntervalsAndPower()
    {
        var run = await GateRuns.RegressedAsync();
        var markdown = MarkdownReportWriter.Render(run);

        Assert.Contains("## QualityWatch release gate: ❌ FAIL", markdown, StringComparison.Ordinal);
        var code = run.Suites.Single(s => s.Name == "code");
        var rate = GateReportBuilder.Rate(code.Counts.CandidatePassed, code.Counts.Pairs);
        var expectedCell = FormattableString.Invariant($"{rate.Rate * 100:0.0}% ({rate.Low * 100:0.0}–{rate.High * 100:0.0}%)");
        Assert.Contains($"| code | ❌ FAIL | {expectedCell} |", markdown, StringComparison.Ordinal);
        Assert.Contains("| **overall** |", markdown, StringComparison.Ordinal);
        Assert.Contains("**Power:** smallest detectable drop ±", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Render_RegressedCases_ShowExpectedAndAnswerDiff()
    {
        var markdown = MarkdownReportWriter.Render(await GateRuns.RegressedAsync());

        Assert.Contains("### Regressed cases", markdown, StringComparison.Ordinal);
        Assert.Contains("Expected: contains \"42\"", markdown, StringComparison.Ordinal);
        Assert.Matches(@"```diff\n--- baseline answer\n\+\+\+ candidate answer\n- The answer to case-\d+ is 42\.\n\+ The answer to case-\d+ is 41\.\n```", markdown);
    }

    [Fact]
    public async Task Render_HealthyRun_SaysPassAndNoRegressedCase()
    {
        var markdown = MarkdownReportWriter.Render(await GateRuns.HealthyAsync());

        Assert.Contains("✅ PASS", markdown, StringComparison.Ordinal);
        Assert.Contains("No case regressed.", markdown, StringComparison.Ordinal);
    }
}
