using QualityWatch.Core.Canaries;
using QualityWatch.Gate.Running;
using QualityWatch.Gate.Tests.Support;
using QualityWatch.Gate.Verdicts;

namespace QualityWatch.Gate.Tests.Running;

public sealed class GateRunnerTests
{
    private static Task<GateRun> RunAsync(ScriptedCaseRunner runner, IReadOnlyList<GateSuite> suites, GateOptions? options = null) =>
        new GateRunner(runner, new LiveBaselineSource(runner, "baseline"), options ?? new GateOptions { MaxCalls = 4000 })
            .RunAsync("candidate", suites, CancellationToken.None);

    [Fact]
    public async Task Run_HealthyCandidate_PassesAfterOneRound()
    {
        var runner = new ScriptedCaseRunner().With("baseline", ScriptedCaseRunner.Pass).With("candidate", ScriptedCaseRunner.Pass);

        var run = await RunAsync(runner, ScriptedCaseRunner.Suites(("arith", 100)));

        Assert.Equal(GateVerdict.Pass, run.Decision!.Verdict);
        Assert.True(run.Suites[0].StoppedEarly);
        Assert.Equal(100, run.Suites[0].Counts.Pairs);
        Assert.Equal(200, run.CallsUsed);
        Assert.Equal(100, runner.CallsTo("candidate"));
    }

    [Fact]
    public async Task Run_ThreePointDrop_FailsWithinBudget()
    {
        var runner = new ScriptedCaseRunner()
            .With("baseline", ScriptedCaseRunner.Pass)
            .With("candidate", ScriptedCaseRunner.FailWithProbability(0.03));

        var run = await RunAsync(runner, ScriptedCaseRunner.Suites(("arith", 100)), new GateOptions { MaxCalls = 2000 });

        Assert.Equal(GateVerdict.Fail, run.Decision!.Verdict);
        Assert.True(run.CallsUsed <= 2000);
        Assert.Contains("regression", run.Suites[0].Decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_OneFlakyCase_DoesNotFlipAHealthyVerdict()
    {
        // case-007 passes half of the time on both sides; case-013 fails every other call on the candidate only.
        static CanaryOutcome Flaky(GateCase c, int repeat, double draw) => c.CaseId switch
        {
            "case-007" => draw < 0.5 ? CanaryOutcome.Failed : CanaryOutcome.Passed,
            _ => CanaryOutcome.Passed,
        };

        var runner = new ScriptedCaseRunner()
            .With("baseline", Flaky)
            .With("candidate", (c, r, d) => c.CaseId == "case-013" && r % 2 == 1 ? CanaryOutcome.Failed : Flaky(c, r, d));

        var run = await RunAsync(runner, ScriptedCaseRunner.Suites(("arith", 100)));

        Assert.Equal(GateVerdict.Pass, run.Decision!.Verdict);
    }

    [Fact]
    public async Task Run_RealDropWithAFlakyCase_StillFails()
    {
        var runner = new ScriptedCaseRunner()
            .With("baseline", (c, _, d) => c.CaseId == "case-007" && d < 0.5 ? CanaryOutcome.Failed : CanaryOutcome.Passed)
            .With("candidate", (c, _, d) => c.CaseId == "case-007" ? (d < 0.5 ? CanaryOutcome.Failed : CanaryOutcome.Passed)
                : d < 0.05 ? CanaryOutcome.Failed : CanaryOutcome.Passed);

        var run = await RunAsync(runner, ScriptedCaseRunner.Suites(("arith", 100)));

        Assert.Equal(GateVerdict.Fail, run.Decision!.Verdict);
    }

    [Fact]
    public async Task Run_CandidateDown_IsUnavailableWithoutAVerdict()
    {
        var runner = new ScriptedCaseRunner()
            .With("baseline", ScriptedCaseRunner.Pass)
            .With("candidate", (_, _, _) => CanaryOutcome.Unavailable);

        var run = await RunAsync(runner, ScriptedCaseRunner.Suites(("arith", 100)));

        Assert.True(run.IsUnavailable);
        Assert.Null(run.Decision);
        Assert.Contains("candidate provider 'candidate' is unavailable (http_503)", run.UnavailableReason, StringComparison.Ordinal);
        Assert.True(runner.CallsTo("candidate") <= GateOptions.Defaults.BatchSize, $"{runner.CallsTo("candidate")} calls");
    }

    [Fact]
    public async Task Run_TransportExceptions_CountAsUnavailable()
    {
        var runner = new ScriptedCaseRunner()
            .With("baseline", ScriptedCaseRunner.Pass)
            .With("candidate", (_, _, _) => throw new HttpRequestException("connection refused"));

        var run = await RunAsync(runner, ScriptedCaseRunner.Suites(("arith", 20)));

        Assert.True(run.IsUnavailable);
        Assert.Contains("HttpRequestException", run.UnavailableReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_SporadicUnavailability_IsExcludedFromThePairs()
    {
        var runner = new ScriptedCaseRunner()
            .With("baseline", ScriptedCaseRunner.Pass)
            .With("candidate", (c, _, _) => c.CaseId == "case-050" ? CanaryOutcome.Unavailable : CanaryOutcome.Passed);

        var run = await RunAsync(runner, ScriptedCaseRunner.Suites(("arith", 100)));

        Assert.False(run.IsUnavailable);
        Assert.Equal(GateVerdict.Pass, run.Decision!.Verdict);
        Assert.Equal(99, run.Suites[0].Counts.Pairs);
    }

    [Fact]
    public async Task Run_BudgetTooSmall_IsInconclusiveAndStaysWithinBudget()
    {
        var runner = new ScriptedCaseRunner().With("baseline", ScriptedCaseRunner.Pass).With("candidate", ScriptedCaseRunner.Pass);

        var run = await RunAsync(runner, ScriptedCaseRunner.Suites(("arith", 100)), new GateOptions { MaxCalls = 41 });

        Assert.Equal(GateVerdict.Inconclusive, run.Decision!.Verdict);
        Assert.Equal(40, run.CallsUsed);
        Assert.Equal(20, run.Suites[0].Counts.Pairs);
    }

    [Fact]
    public async Task Run_PassRateFarBelowFloor_FailsEvenWithoutADrop()
    {
        static CanaryOutcome Weak(GateCase c, int _, double __) => int.Parse(c.CaseId[5..], System.Globalization.CultureInfo.InvariantCulture) % 10 < 3 ? CanaryOutcome.Failed : CanaryOutcome.Passed;
        var runner = new ScriptedCaseRunner().With("baseline", Weak).With("candidate", Weak);

        var run = await RunAsync(runner, ScriptedCaseRunner.Suites(("arith", 100)));

        Assert.Equal(GateVerdict.Fail, run.Decision!.Verdict);
        Assert.Contains("below the floor", run.Suites[0].Decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_TwoSuites_FailsOnlyTheRegressedOneAndTheRelease()
    {
        var runner = new ScriptedCaseRunner()
            .With("baseline", ScriptedCaseRunner.Pass)
            .With("candidate", (c, _, d) => c.Suite == "code" && d < 0.1 ? CanaryOutcome.Failed : CanaryOutcome.Passed);

        var run = await RunAsync(runner, ScriptedCaseRunner.Suites(("arith", 150), ("code", 150)));

        Assert.Equal(GateVerdict.Pass, run.Suites[0].Decision.Verdict);
        Assert.Equal(GateVerdict.Fail, run.Suites[1].Decision.Verdict);
        Assert.Equal(GateVerdict.Fail, run.Decision!.Verdict);
        Assert.Equal(0.025, run.Suites[0].Alpha, 12);
        Assert.Contains("code", run.Decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_SameSeed_IsReproducible()
    {
        var runner = new ScriptedCaseRunner().With("baseline", ScriptedCaseRunner.Pass).With("candidate", ScriptedCaseRunner.FailWithProbability(0.02));

        var first = await RunAsync(runner, ScriptedCaseRunner.Suites(("arith", 80)));
        var second = await RunAsync(runner, ScriptedCaseRunner.Suites(("arith", 80)));

        Assert.Equal(first.Suites[0].Counts, second.Suites[0].Counts);
        Assert.Equal(first.CallsUsed, second.CallsUsed);
    }

    [Fact]
    public async Task Run_Always_DisclosesPowerAtThePlannedPairs()
    {
        var runner = new ScriptedCaseRunner().With("baseline", ScriptedCaseRunner.Pass).With("candidate", ScriptedCaseRunner.Pass);

        var run = await RunAsync(runner, ScriptedCaseRunner.Suites(("arith", 100)), new GateOptions { MaxCalls = 700 });

        Assert.Equal(350, run.Overall!.PlannedPairs);
        Assert.NotNull(run.Overall.MinimumDetectableDrop);
        Assert.InRange(run.Overall.MinimumDetectableDrop!.Value, 0.005, 0.05);
    }

    [Fact]
    public async Task Run_DropSpreadOverEverySuite_PooledTestFailsTheReleaseAfterOneRound()
    {
        var runner = new ScriptedCaseRunner()
            .With("baseline", ScriptedCaseRunner.Pass)
            .With("candidate", ScriptedCaseRunner.FailWithProbability(0.04));

        var run = await RunAsync(runner, ScriptedCaseRunner.Suites(("a", 40), ("b", 40), ("c", 40), ("d", 40), ("e", 40)), new GateOptions { MaxCalls = 4000 });

        Assert.Equal(GateVerdict.Fail, run.Decision!.Verdict);
        Assert.Equal(GateVerdict.Fail, run.Overall!.Decision.Verdict);
        Assert.Equal(400, run.CallsUsed);
    }

    [Fact]
    public async Task Run_FirstFailingSuite_StopsTheRestAsNotFinished()
    {
        var runner = new ScriptedCaseRunner()
            .With("baseline", ScriptedCaseRunner.Pass)
            .With("candidate", (c, _, _) => c.Suite == "first" && c.CaseId.EndsWith('0') ? CanaryOutcome.Failed : CanaryOutcome.Passed);

        var run = await RunAsync(runner, ScriptedCaseRunner.Suites(("first", 100), ("second", 100)));

        Assert.Equal(GateVerdict.Fail, run.Suites[0].Decision.Verdict);
        Assert.Equal(GateVerdict.Inconclusive, run.Suites[1].Decision.Verdict);
        Assert.StartsWith("not finished", run.Suites[1].Decision.Reason, StringComparison.Ordinal);
        Assert.Equal(0, runner.CallsTo("candidate") - 100);
    }

    [Fact]
    public void PlannedPairs_ReplaysTheRoundRobinOnTheBudget()
    {
        var suites = ScriptedCaseRunner.Suites(("big", 50), ("small", 20));

        Assert.Equal([150, 60], GateRunner.PlannedPairs(suites, 210, maxRepeats: 10));
        Assert.Equal([50, 5], GateRunner.PlannedPairs(suites, 55, maxRepeats: 10));
        Assert.Equal([100, 40], GateRunner.PlannedPairs(suites, 10_000, maxRepeats: 2));
    }

    [Fact]
    public async Task Run_DefaultBudget_IsSizedFromTheDiscordanceAndGivesSmallSuitesEnoughPairsToPass()
    {
        var runner = new ScriptedCaseRunner().With("baseline", ScriptedCaseRunner.Pass).With("candidate", ScriptedCaseRunner.Pass);

        var run = await RunAsync(runner, ScriptedCaseRunner.Suites(("big", 50), ("small", 20)), new GateOptions());

        // Sized before any pair from the noise floor: per suite (α/2 each) the pairs the sequential test needs, within
        // 3 and 30 rounds; 2 calls per pair. Both suites stop long before it.
        int needed = QualityWatch.Gate.Statistics.GateBudget.PairsToDecide(default, 0.025, 0.2, 0.02);
        Assert.Equal(2 * (Math.Clamp(needed, 150, 1500) + Math.Clamp(needed, 60, 600)), run.MaxCalls);
        Assert.Equal(GateVerdict.Pass, run.Decision!.Verdict);
        Assert.All(run.Suites, s => Assert.True(s.StoppedEarly));
    }
}
