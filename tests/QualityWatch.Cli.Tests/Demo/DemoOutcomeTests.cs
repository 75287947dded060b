using QualityWatch.Cli.Demo;
using QualityWatch.Core.Findings;

namespace QualityWatch.Cli.Tests.Demo;

public sealed class DemoOutcomeTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 19, 12, 0, 0, TimeSpan.Zero);
    private static readonly DemoPlan Plan = DemoPlan.Create(DemoPlan.August2025, 48);

    private static DemoAlert AlertOn(string model, string kind, TimeSpan after) => new(kind, "p", model, Start + after, "summary");

    private static IEnumerable<DemoAlert> OneAlertPerFault(TimeSpan delay) =>
        Plan.Faults.Select(f => AlertOn(f.Model, f.DetectedBy[0], f.Start + delay));

    [Fact]
    public void Judge_EveryFaultAlertedAfterItsStart_PassesWithDelays()
    {
        var outcome = DemoOutcome.Judge(Plan, Start, OneAlertPerFault(TimeSpan.FromHours(2)).ToList());

        Assert.True(outcome.Passed);
        Assert.All(outcome.Verdicts, v => Assert.Equal(TimeSpan.FromHours(2), v.Delay));
    }

    [Fact]
    public void Judge_AlertBeforeTheFaultStarted_DoesNotCountAsDetection()
    {
        var alerts = OneAlertPerFault(TimeSpan.FromHours(1)).ToList();
        var topk = Plan.Faults.Single(f => f.Scenario == "topk-miscompile");
        alerts.RemoveAll(a => a.Model == topk.Model);
        alerts.Add(AlertOn(topk.Model, FindingKinds.QualityRegression, topk.Start - TimeSpan.FromMinutes(20)));

        var outcome = DemoOutcome.Judge(Plan, Start, alerts);

        Assert.False(outcome.Passed);
        Assert.False(outcome.Verdicts.Single(v => v.Fault == topk).Detected);
        Assert.Single(outcome.UnattributedAlerts);
    }

    [Fact]
    public void Judge_WrongKindOnTheFaultyModel_DoesNotCountAsDetection()
    {
        var drift = Plan.Faults.Single(f => f.Scenario == "latency-drift");
        var alerts = OneAlertPerFault(TimeSpan.FromHours(1)).Where(a => a.Model != drift.Model).Append(AlertOn(drift.Model, FindingKinds.Truncation, drift.Start + TimeSpan.FromHours(1))).ToList();

        Assert.False(DemoOutcome.Judge(Plan, Start, alerts).Passed);
    }

    [Fact]
    public void Judge_AnyAlertOnTheHealthyModel_FailsTheDemo()
    {
        var alerts = OneAlertPerFault(TimeSpan.FromHours(1)).Append(AlertOn(Plan.HealthyModel, FindingKinds.LatencyDrift, TimeSpan.FromHours(30))).ToList();

        var outcome = DemoOutcome.Judge(Plan, Start, alerts);

        Assert.False(outcome.Passed);
        Assert.Single(outcome.HealthyModelAlerts);
    }

    [Fact]
    public void Plan_UnknownScenario_IsAUsageError()
    {
        var ex = Assert.Throws<CliException>(() => DemoPlan.Create("nope", 48));
        Assert.Equal(ExitCodes.UsageError, ex.ExitCode);
    }
}
