using QualityWatch.Cli.Demo;
using QualityWatch.Core.Findings;

namespace QualityWatch.Cli.Tests.Demo;

public sealed class DemoOutcomeTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 19, 12, 0, 0, TimeSpan.Zero);
    private static readonly DemoPlan Plan = DemoPlan.Create(DemoPlan.August2025, 48);
    private static readonly DateTimeOffset End = Start + Plan.Length;

    private static DemoIncident IncidentOn(string model, string kind, TimeSpan after, TimeSpan? resolvedAfter = null) =>
        new($"inc-{model}-{kind}-{after.TotalMinutes}", kind, "p", model, Start + after, Start + resolvedAfter, "summary", 1);

    /// <summary>One incident per fault, open to the end unless the fault ended (then resolved an hour after it).</summary>
    private static IEnumerable<DemoIncident> OneIncidentPerFault(TimeSpan delay) =>
        Plan.Faults.Select(f => IncidentOn(f.Model, f.DetectedBy[0], f.Start + delay, f.Duration is { } d ? f.Start + d + TimeSpan.FromHours(1) : null));

    [Fact]
    public void Judge_EveryFaultCaughtByOneIncidentThatOutlastsIt_PassesWithDelays()
    {
        var outcome = DemoOutcome.Judge(Plan, Start, End, OneIncidentPerFault(TimeSpan.FromHours(2)).ToList());

        Assert.True(outcome.Passed);
        Assert.All(outcome.Verdicts, v => Assert.Equal(TimeSpan.FromHours(2), v.Delay));
        Assert.Equal(Plan.Faults.Count(f => f.Duration is null), outcome.OpenIncidents);
    }

    [Fact]
    public void Judge_IncidentClosedWhileTheFaultStillRuns_FailsAndNamesIt()
    {
        var topk = Plan.Faults.Single(f => f.Scenario == "topk-miscompile");
        var incidents = OneIncidentPerFault(TimeSpan.FromHours(1)).Where(i => i.Model != topk.Model)
            .Append(IncidentOn(topk.Model, FindingKinds.QualityRegression, topk.Start + TimeSpan.FromHours(1), topk.Start + TimeSpan.FromHours(2))).ToList();

        var outcome = DemoOutcome.Judge(Plan, Start, End, incidents);

        Assert.False(outcome.Passed);
        var verdict = outcome.Verdicts.Single(v => v.Fault == topk);
        Assert.True(verdict.Detected);
        Assert.Single(verdict.ClosedWhileActive);
    }

    [Fact]
    public void Judge_TwoIncidentsForOneFault_Fails()
    {
        var drift = Plan.Faults.Single(f => f.Scenario == "latency-drift");
        var incidents = OneIncidentPerFault(TimeSpan.FromHours(1)).Append(IncidentOn(drift.Model, FindingKinds.LatencyDrift, drift.Start + TimeSpan.FromHours(3))).ToList();

        var outcome = DemoOutcome.Judge(Plan, Start, End, incidents);

        Assert.False(outcome.Passed);
        Assert.Equal(2, outcome.Verdicts.Single(v => v.Fault == drift).Incidents);
    }

    [Fact]
    public void Judge_IncidentBeforeTheFaultStarted_DoesNotCountAsDetection()
    {
        var incidents = OneIncidentPerFault(TimeSpan.FromHours(1)).ToList();
        var topk = Plan.Faults.Single(f => f.Scenario == "topk-miscompile");
        incidents.RemoveAll(i => i.Model == topk.Model);
        incidents.Add(IncidentOn(topk.Model, FindingKinds.QualityRegression, topk.Start - TimeSpan.FromMinutes(20)));

        var outcome = DemoOutcome.Judge(Plan, Start, End, incidents);

        Assert.False(outcome.Passed);
        Assert.False(outcome.Verdicts.Single(v => v.Fault == topk).Detected);
        Assert.Single(outcome.UnattributedIncidents);
    }

    [Fact]
    public void Judge_WrongKindOnTheFaultyModel_DoesNotCountAsDetection()
    {
        var drift = Plan.Faults.Single(f => f.Scenario == "latency-drift");
        var incidents = OneIncidentPerFault(TimeSpan.FromHours(1)).Where(i => i.Model != drift.Model).Append(IncidentOn(drift.Model, FindingKinds.Truncation, drift.Start + TimeSpan.FromHours(1))).ToList();

        Assert.False(DemoOutcome.Judge(Plan, Start, End, incidents).Passed);
    }

    [Fact]
    public void Judge_AnyIncidentOnTheHealthyModel_FailsTheDemo()
    {
        var incidents = OneIncidentPerFault(TimeSpan.FromHours(1)).Append(IncidentOn(Plan.HealthyModel, FindingKinds.LatencyDrift, TimeSpan.FromHours(30))).ToList();

        var outcome = DemoOutcome.Judge(Plan, Start, End, incidents);

        Assert.False(outcome.Passed);
        Assert.Single(outcome.HealthyModelIncidents);
    }

    [Fact]
    public void Plan_UnknownScenario_IsAUsageError()
    {
        var ex = Assert.Throws<CliException>(() => DemoPlan.Create("nope", 48));
        Assert.Equal(ExitCodes.UsageError, ex.ExitCode);
    }
}
