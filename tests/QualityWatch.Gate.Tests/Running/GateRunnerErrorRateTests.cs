using QualityWatch.Core.Canaries;
using QualityWatch.Gate.Running;
using QualityWatch.Gate.Tests.Support;
using QualityWatch.Gate.Verdicts;

namespace QualityWatch.Gate.Tests.Running;

/// <summary>Operating characteristics over many independent runs: the error rates the verdict rules promise.</summary>
public sealed class GateRunnerErrorRateTests
{
    private static async Task<Dictionary<GateVerdict, int>> VerdictsAsync(int runs, double baselineFail, double candidateFail, int cases = 100)
    {
        var verdicts = new Dictionary<GateVerdict, int> { [GateVerdict.Pass] = 0, [GateVerdict.Fail] = 0, [GateVerdict.Inconclusive] = 0 };
        for (var run = 0; run < runs; run++)
        {
            // Independent draws per run: the provider names are part of the scripted runner's draw key.
            var runner = new ScriptedCaseRunner()
                .With($"baseline-{run}", ScriptedCaseRunner.FailWithProbability(baselineFail))
                .With($"candidate-{run}", ScriptedCaseRunner.FailWithProbability(candidateFail));
            var result = await new GateRunner(runner, new LiveBaselineSource(runner, $"baseline-{run}"), new GateOptions { MinPassRate = 0.5 })
                .RunAsync($"candidate-{run}", ScriptedCaseRunner.Suites(("suite", cases)), CancellationToken.None);
            verdicts[result.Decision!.Verdict]++;
        }

        return verdicts;
    }

    [Fact]
    public async Task Gate_EquallyFlakySides_FailsAtMostAtTheWaldBoundOfAlpha()
    {
        // Both sides fail 5% of calls independently: no drop, 10% of pairs discordant. Wald's bound for the
        // false-fail rate is α/(1 − β) = 6.25%; 200 runs allow sampling error up to 15 (7.5%).
        var verdicts = await VerdictsAsync(200, 0.05, 0.05);

        Assert.InRange(verdicts[GateVerdict.Fail], 0, 15);
    }

    [Fact]
    public async Task Gate_ThreePointDrop_IsCaughtWithAtLeastTheDesignPower()
    {
        // β = 0.2 at a 2-point drop; a 3-point drop must fail in at least 80% of runs (75% allows sampling error).
        var verdicts = await VerdictsAsync(200, 0, 0.03);

        Assert.InRange(verdicts[GateVerdict.Fail], 150, 200);
    }

    [Fact]
    public async Task Gate_IdenticalSides_AlwaysPass()
    {
        var verdicts = await VerdictsAsync(50, 0, 0);

        Assert.Equal(50, verdicts[GateVerdict.Pass]);
    }

    [Fact]
    public async Task Gate_IdenticalReleaseOnAFlakySuite_PassesInAbout95PercentOfRuns()
    {
        // The case that made users switch the gate off (5 runs in 6 blocked with the old fixed budget): 40 cases, both
        // sides answer 4 % of calls wrong at random. The budget is sized from the discordance seen, so the sequential
        // test has the pairs it needs to say "no drop". Measured 188 of 200; false fails (≈ 4 %) are bounded by
        // α/(1 − β) by design, so 186 (93 %) allows for sampling error.
        var verdicts = await VerdictsAsync(200, 0.04, 0.04, cases: 40);

        Assert.True(verdicts[GateVerdict.Pass] >= 186, $"PASS {verdicts[GateVerdict.Pass]}, FAIL {verdicts[GateVerdict.Fail]}, INCONCLUSIVE {verdicts[GateVerdict.Inconclusive]}");
    }

    [Fact]
    public async Task Gate_ThreePointDropOnAFlakySuite_FailsInAbout80PercentOfRuns()
    {
        // Measured 165 of 200.
        var verdicts = await VerdictsAsync(200, 0.04, 0.07, cases: 40);

        Assert.True(verdicts[GateVerdict.Fail] >= 155, $"PASS {verdicts[GateVerdict.Pass]}, FAIL {verdicts[GateVerdict.Fail]}, INCONCLUSIVE {verdicts[GateVerdict.Inconclusive]}");
    }
}
