using QualityWatch.Gate.Reports;
using QualityWatch.Gate.Running;
using QualityWatch.Gate.Tests.Support;
using QualityWatch.Gate.Verdicts;

namespace QualityWatch.Gate.Tests.Reports;

public sealed class GateReportJsonTests
{
    private static readonly DateTimeOffset CreatedAt = new(2026, 11, 21, 19, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Report_RoundTripsThroughJsonUnchanged()
    {
        var report = GateReportBuilder.Build(await GateRuns.RegressedAsync(), CreatedAt);
        var json = GateReportJson.Serialize(report);

        var read = GateReportJson.Deserialize(json, "report.json");

        Assert.Equal(json, GateReportJson.Serialize(read));
        Assert.Equal("FAIL", read.Verdict);
        Assert.True(read.Blocking);
        Assert.Contains("\"outcome\": \"failed\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_AsNextBaseline_ReproducesTheComparisonWithoutBaselineCalls()
    {
        // Today's healthy candidate becomes the stored baseline; a regressed candidate is then judged against it.
        var healthy = GateReportBuilder.Build(await GateRuns.HealthyAsync(), CreatedAt);
        var stored = GateReportJson.Deserialize(GateReportJson.Serialize(healthy), "healthy.json");
        var runner = new ScriptedCaseRunner().With("candidate", (c, _, d) => c.Suite == "code" && d < 0.1 ? Core.Canaries.CanaryOutcome.Failed : Core.Canaries.CanaryOutcome.Passed);

        var run = await new GateRunner(runner, new StoredBaselineSource(stored, "healthy.json"), new GateOptions { MaxCalls = 3000 })
            .RunAsync("candidate", ScriptedCaseRunner.Suites(("arith", 120), ("code", 120)), CancellationToken.None);

        Assert.Equal(GateVerdict.Pass, run.Suites[0].Decision.Verdict);
        Assert.Equal(GateVerdict.Fail, run.Suites[1].Decision.Verdict);
        Assert.Equal(run.CallsUsed, runner.CallsTo("candidate"));
        Assert.Equal("healthy.json", run.Baseline);
    }

    [Fact]
    public async Task StoredBaseline_MissingCases_AreSkippedNotCompared()
    {
        var healthy = GateReportBuilder.Build(await GateRuns.HealthyAsync(), CreatedAt);
        var partial = healthy with { CandidateResults = healthy.CandidateResults.Where(r => r.CaseId != "case-001").ToList() };
        var runner = new ScriptedCaseRunner().With("candidate", ScriptedCaseRunner.Pass);

        var run = await new GateRunner(runner, new StoredBaselineSource(partial, "partial.json"), new GateOptions { MaxCalls = 3000 })
            .RunAsync("candidate", ScriptedCaseRunner.Suites(("arith", 120), ("code", 120)), CancellationToken.None);

        Assert.Equal(2, run.MissingFromBaseline.Count);
        Assert.Equal(119, run.Suites[0].Counts.Pairs);
        var junit = JUnitReportWriter.Build(run, CreatedAt);
        Assert.Equal(2, junit.Root!.Descendants("skipped").Count(s => (string)s.Attribute("message")! == "not in the baseline report"));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"schemaVersion\": 1}")]
    [InlineData("{\"schemaVersion\": 99, \"suites\": [], \"candidateResults\": []}")]
    public void Deserialize_NotAReport_ThrowsInvalidDataWithOneLine(string json)
    {
        var ex = Assert.Throws<InvalidDataException>(() => GateReportJson.Deserialize(json, "bad.json"));

        Assert.StartsWith("bad.json", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }
}
