using QualityWatch.Core.Canaries;
using QualityWatch.Gate.Running;
using QualityWatch.Gate.Verdicts;

namespace QualityWatch.Gate.Tests.Support;

/// <summary>Finished runs for the report tests, produced by the real runner over scripted providers.</summary>
internal static class GateRuns
{
    public static Task<GateRun> HealthyAsync() => RunAsync((_, _, _) => CanaryOutcome.Passed);

    /// <summary>Suite <c>code</c> regresses on about a tenth of its calls; <c>arith</c> has one case that flips once.</summary>
    public static Task<GateRun> RegressedAsync() => RunAsync((c, r, d) =>
        (c.Suite == "code" && d < 0.1) || (c.Suite == "arith" && c.CaseId == "case-003" && r == 1) ? CanaryOutcome.Failed : CanaryOutcome.Passed);

    public static async Task<GateRun> RunAsync(Func<GateCase, int, double, CanaryOutcome> candidate, GateOptions? options = null)
    {
        var runner = new ScriptedCaseRunner().With("baseline", ScriptedCaseRunner.Pass).With("candidate", candidate);
        return await new GateRunner(runner, new LiveBaselineSource(runner, "baseline"), options ?? new GateOptions { MaxCalls = 3000 })
            .RunAsync("candidate", ScriptedCaseRunner.Suites(("arith", 120), ("code", 120)), CancellationToken.None);
    }
}
