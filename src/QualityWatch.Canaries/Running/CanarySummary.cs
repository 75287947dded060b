using QualityWatch.Core.Canaries;
using QualityWatch.Core.Statistics;

namespace QualityWatch.Canaries.Running;

/// <summary>Summarises results per provider × suite: pass rate with a 95% Wilson interval, latency percentiles, tokens, cost.</summary>
public static class CanarySummary
{
    /// <summary>One row per provider, model and suite, ordered by provider then suite.</summary>
    public static IReadOnlyList<CanarySummaryRow> Summarise(IEnumerable<CanaryResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        return results
            .GroupBy(r => (r.Provider, r.Model, r.Suite))
            .OrderBy(g => g.Key.Provider, StringComparer.Ordinal).ThenBy(g => g.Key.Suite, StringComparer.Ordinal)
            .Select(g =>
            {
                var passed = g.Count(r => r.Outcome == CanaryOutcome.Passed);
                var failed = g.Count(r => r.Outcome == CanaryOutcome.Failed);
                var unavailable = g.Count(r => r.Outcome == CanaryOutcome.Unavailable);
                var answered = passed + failed;
                var (low, high) = WilsonInterval.Compute(passed, answered);
                var latencies = g.Where(r => r.Outcome != CanaryOutcome.Unavailable).Select(r => r.Latency).Order().ToList();
                return new CanarySummaryRow(
                    g.Key.Provider,
                    g.Key.Model,
                    g.Key.Suite,
                    g.Count(),
                    passed,
                    failed,
                    unavailable,
                    answered == 0 ? null : (double)passed / answered,
                    low,
                    high,
                    (double)answered / g.Count(),
                    Percentile(latencies, 0.50),
                    Percentile(latencies, 0.95),
                    g.Sum(r => r.InputTokens ?? 0),
                    g.Sum(r => r.OutputTokens ?? 0),
                    g.Sum(r => r.Cost));
            })
            .ToList();
    }

    /// <summary>Nearest-rank percentile of sorted values; null when empty.</summary>
    public static TimeSpan? Percentile(IReadOnlyList<TimeSpan> sorted, double quantile)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        if (sorted.Count == 0)
        {
            return null;
        }

        var rank = (int)Math.Ceiling(quantile * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }
}
