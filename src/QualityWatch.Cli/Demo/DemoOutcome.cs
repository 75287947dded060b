namespace QualityWatch.Cli.Demo;

/// <summary>
/// The demo's result, judged against the truth it injected: each fault detected by exactly one incident that stayed
/// open while the fault ran, no incident on the healthy model, and the incidents no fault explains.
/// </summary>
internal sealed record DemoOutcome(IReadOnlyList<DemoVerdict> Verdicts, IReadOnlyList<DemoIncident> HealthyModelIncidents, IReadOnlyList<DemoIncident> UnattributedIncidents, int OpenIncidents)
{
    public bool Passed => Verdicts.All(v => v.Passed) && HealthyModelIncidents.Count == 0;

    /// <summary>
    /// Matches incidents to faults: those of an accepted kind on the fault's model opened between its start and two
    /// hours after its end. A fault still running at <paramref name="end"/> must have its incident open then.
    /// </summary>
    public static DemoOutcome Judge(DemoPlan plan, DateTimeOffset start, DateTimeOffset end, IReadOnlyList<DemoIncident> incidents)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(incidents);
        var explained = new HashSet<DemoIncident>();
        var verdicts = new List<DemoVerdict>();
        foreach (var fault in plan.Faults)
        {
            var faultStart = start + fault.Start;
            var faultStop = fault.Duration is { } duration ? faultStart + duration : end;
            var matching = incidents
                .Where(i => string.Equals(i.Model, fault.Model, StringComparison.Ordinal)
                    && fault.DetectedBy.Contains(i.Kind, StringComparer.Ordinal)
                    && i.OpenedAt >= faultStart && i.OpenedAt <= faultStop + TimeSpan.FromHours(2))
                .OrderBy(i => i.OpenedAt)
                .ToList();
            explained.UnionWith(matching);
            var first = matching.FirstOrDefault();
            var closedEarly = matching.Where(i => i.ResolvedAt is { } resolved && resolved < faultStop).ToList();
            verdicts.Add(first is null
                ? new DemoVerdict(fault, false, null, null, null, 0, [], false)
                : new DemoVerdict(fault, true, first.OpenedAt - faultStart, first.Kind, first.Summary, matching.Count, closedEarly, matching.Any(i => i.IsOpen)));
        }

        var healthy = incidents.Where(i => string.Equals(i.Model, plan.HealthyModel, StringComparison.Ordinal)).ToList();
        var unattributed = incidents.Where(i => !explained.Contains(i) && !healthy.Contains(i)).ToList();
        return new DemoOutcome(verdicts, healthy, unattributed, incidents.Count(i => i.IsOpen));
    }
}
