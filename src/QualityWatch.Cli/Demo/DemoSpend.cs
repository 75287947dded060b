using QualityWatch.Core.Canaries;

namespace QualityWatch.Cli.Demo;

/// <summary>
/// What the demo's canaries cost per provider: calls (answered or not), calls per simulated day, the priced cost, and the
/// injected faults each provider's canaries helped detect — so a change to the canary schedule (adaptive bursts) shows
/// what it spends and what it buys — and the scheduled calls per day, which the calls must not exceed (issue #18).
/// </summary>
internal sealed record DemoSpend(string Provider, long Calls, double CallsPerDay, double ScheduledCallsPerDay, decimal Cost, int Detections)
{
    /// <summary>Whether the provider's calls per day stayed within its schedule, adaptive bursts included.</summary>
    public bool WithinSchedule => CallsPerDay <= ScheduledCallsPerDay;

    /// <summary>Detected faults per dollar of canary spend; null when nothing was spent.</summary>
    public double? DetectionsPerDollar => Cost > 0 ? Detections / (double)Cost : null;

    public static async Task<IReadOnlyList<DemoSpend>> ReadAsync(ICanaryResultStore store, DemoPlan plan, DemoOutcome outcome, DateTimeOffset start, DateTimeOffset end, double scheduledCallsPerDay, CancellationToken cancellationToken)
    {
        var results = await store.QueryAsync(start, end.AddMinutes(1), null, cancellationToken);
        double days = Math.Max(plan.Length.TotalDays, 1e-9);
        return plan.Providers
            .Select(p =>
            {
                var own = results.Where(r => string.Equals(r.Provider, p.Name, StringComparison.Ordinal)).ToList();
                int detections = outcome.Verdicts.Count(v => v.Detected && string.Equals(v.Fault.Provider, p.Name, StringComparison.Ordinal));
                return new DemoSpend(p.Name, own.Count, own.Count / days, scheduledCallsPerDay, own.Sum(r => r.Cost), detections);
            })
            .ToList();
    }
}
