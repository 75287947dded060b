using QualityWatch.Core.Canaries;

namespace QualityWatch.Cli.Demo;

/// <summary>
/// What the demo's canaries cost per provider: calls (answered or not), calls per simulated day, the priced cost, and the
/// injected faults each provider's canaries helped detect — so a change to the canary schedule (adaptive bursts) shows
/// what it spends and what it buys.
/// </summary>
internal sealed record DemoSpend(string Provider, long Calls, double CallsPerDay, decimal Cost, int Detections)
{
    /// <summary>Detected faults per dollar of canary spend; null when nothing was spent.</summary>
    public double? DetectionsPerDollar => Cost > 0 ? Detections / (double)Cost : null;

    public static async Task<IReadOnlyList<DemoSpend>> ReadAsync(ICanaryResultStore store, DemoPlan plan, DemoOutcome outcome, DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken)
    {
        var results = await store.QueryAsync(start, end.AddMinutes(1), null, cancellationToken);
        double days = Math.Max(plan.Length.TotalDays, 1e-9);
        return plan.Providers
            .Select(p =>
            {
                var own = results.Where(r => string.Equals(r.Provider, p.Name, StringComparison.Ordinal)).ToList();
                int detections = outcome.Verdicts.Count(v => v.Detected && string.Equals(v.Fault.Provider, p.Name, StringComparison.Ordinal));
                return new DemoSpend(p.Name, own.Count, own.Count / days, own.Sum(r => r.Cost), detections);
            })
            .ToList();
    }
}
