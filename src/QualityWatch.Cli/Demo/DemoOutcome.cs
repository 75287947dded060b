namespace QualityWatch.Cli.Demo;

/// <summary>
/// The demo's result, judged against the truth it injected: each fault detected or not (with delay), and the
/// alerts no fault explains. It passes when every fault was caught and the healthy model raised nothing.
/// </summary>
internal sealed record DemoOutcome(IReadOnlyList<DemoVerdict> Verdicts, IReadOnlyList<DemoAlert> HealthyModelAlerts, IReadOnlyList<DemoAlert> UnattributedAlerts)
{
    public bool Passed => Verdicts.All(v => v.Detected) && HealthyModelAlerts.Count == 0;

    /// <summary>Matches alerts to faults: the first alert of an accepted kind on the fault's model, at or after its start.</summary>
    public static DemoOutcome Judge(DemoPlan plan, DateTimeOffset start, IReadOnlyList<DemoAlert> alerts)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(alerts);
        var explained = new HashSet<DemoAlert>();
        var verdicts = new List<DemoVerdict>();
        foreach (var fault in plan.Faults)
        {
            var faultStart = start + fault.Start;
            var faultEnd = fault.Duration is { } duration ? faultStart + duration + TimeSpan.FromHours(2) : DateTimeOffset.MaxValue;
            var matching = alerts
                .Where(a => string.Equals(a.Model, fault.Model, StringComparison.Ordinal)
                    && fault.DetectedBy.Contains(a.Kind, StringComparer.Ordinal)
                    && a.FirstSeenAt >= faultStart && a.FirstSeenAt <= faultEnd)
                .OrderBy(a => a.FirstSeenAt)
                .ToList();
            explained.UnionWith(matching);
            var first = matching.FirstOrDefault();
            verdicts.Add(first is null
                ? new DemoVerdict(fault, false, null, null, null)
                : new DemoVerdict(fault, true, first.FirstSeenAt - faultStart, first.Kind, first.Summary));
        }

        var healthy = alerts.Where(a => string.Equals(a.Model, plan.HealthyModel, StringComparison.Ordinal)).ToList();
        var unattributed = alerts.Where(a => !explained.Contains(a) && !healthy.Contains(a)).ToList();
        return new DemoOutcome(verdicts, healthy, unattributed);
    }
}
