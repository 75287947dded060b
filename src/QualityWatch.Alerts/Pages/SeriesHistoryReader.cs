using Microsoft.Extensions.DependencyInjection;
using QualityWatch.Core.Alerts;
using QualityWatch.Core.Canaries;
using QualityWatch.Core.Findings;
using QualityWatch.Core.Telemetry;

namespace QualityWatch.Alerts.Pages;

/// <summary>
/// Reads the statistic an alert's detector tests, from well before its estimated start up to now (or a while after
/// it resolved): stored buckets (<see cref="ISeriesBucketSource"/>) when the host registers them, else canary results
/// (<see cref="ICanaryResultStore"/>) for pass rates. With neither, the chart has no points and the page says so.
/// </summary>
internal sealed class SeriesHistoryReader(IServiceProvider services, IAlertStore store, TimeProvider time)
{
    private const int TargetPoints = 120;

    /// <summary>The trailing window of the rolling pass rate, as the CUSUM accumulates evidence over many checks.</summary>
    public static readonly TimeSpan RollingWindow = TimeSpan.FromMinutes(15);
    private const double Z95 = 1.959964;

    /// <summary>How many of the slowest calls a latency incident lists.</summary>
    internal const int SlowestCallsShown = 5;

    public async Task<ChartData> ReadAsync(Alert alert, CancellationToken cancellationToken)
    {
        var evidence = alert.Evidence;
        var now = time.GetUtcNow();
        var span = evidence.DetectedAt - evidence.EstimatedStart;
        var margin = TimeSpan.FromTicks(Math.Max(TimeSpan.FromHours(1).Ticks, span.Ticks * 3));
        var history = await store.GetHistoryAsync(alert.Id, cancellationToken);
        var earlier = EarlierEpisodes(history);
        var from = evidence.EstimatedStart - margin;
        if (earlier.Count > 0 && earlier[0].Start - TimeSpan.FromMinutes(30) < from)
        {
            from = earlier[0].Start - TimeSpan.FromMinutes(30);
        }

        var to = alert.ResolvedAt is { } resolved ? Min(now, resolved + TimeSpan.FromTicks(margin.Ticks / 2)) : now;
        if (to <= from)
        {
            to = from + TimeSpan.FromMinutes(1);
        }

        var bin = TimeSpan.FromMinutes(Math.Max(1, Math.Ceiling((to - from).TotalMinutes / TargetPoints)));
        var measure = ChartMeasure.For(alert.Kind, evidence.Detector);

        if (!measure.NeedsAnswers && services.GetService<ISeriesBucketSource>() is { } buckets)
        {
            var rows = (await buckets.QueryBucketsAsync(measure.IsRolling ? from - RollingWindow : from, to, cancellationToken)).Where(b => b.Key.Canonical == alert.Series).ToList();
            var points = measure.IsRolling
                ? Rolling(measure, rows.GroupBy(b => Bin(b.Start, bin)).Select(g => (g.Key, g.Sum(b => b.QualityPassed), g.Sum(b => b.QualityTotal))), bin, from)
                : rows.GroupBy(b => Bin(b.Start, bin)).OrderBy(g => g.Key)
                    .Select(g => Point(alert.Kind, evidence.Detector, measure, g.Key, g.ToList())).OfType<ChartPoint>().ToList();
            if (points.Count > 0)
            {
                return new ChartData(points, measure, Source("stored one-minute buckets", bin), from, to, earlier) { SlowestCalls = Slowest(alert, rows) };
            }
        }

        if (measure.IsRolling && services.GetService<ICanaryResultStore>() is { } canaries)
        {
            // The overall series (suite=all) plots every suite of the model.
            var results = (await canaries.QueryAsync(from - RollingWindow, to, alert.Provider, cancellationToken))
                .Where(r => r.Model == alert.Model && (alert.Suite is null or "all" || r.Suite == alert.Suite) && r.Outcome != CanaryOutcome.Unavailable)
                .ToList();
            var points = measure.Name == ChartMeasure.RollingGreedyViolationShare
                ? Rolling(measure, GreedyViolationBins(results, bin), bin, from)
                : measure.NeedsAnswers
                ? Rolling(measure, IdenticalShareBins(results, bin), bin, from)
                : Rolling(measure, results.GroupBy(r => Bin(r.Timestamp, bin)).Select(g => (g.Key, g.LongCount(r => r.Outcome == CanaryOutcome.Passed), g.LongCount())), bin, from);
            if (points.Count > 0)
            {
                return new ChartData(points, measure, Source("canary results", bin), from, to, earlier);
            }
        }

        return new ChartData([], measure, "no stored series", from, to, earlier);
    }

    /// <summary>
    /// Per bin: passing answers identical to their case's usual passing answer, and passing answers. "Usual" is the most
    /// frequent passing answer of the case in the charted range, which starts well before the change.
    /// </summary>
    internal static IEnumerable<(DateTimeOffset Time, long Identical, long Passing)> IdenticalShareBins(IReadOnlyList<CanaryResult> results, TimeSpan bin)
    {
        var passing = results.Where(r => r.Outcome == CanaryOutcome.Passed).ToList();
        var usual = passing.GroupBy(r => (r.Suite, r.CaseId))
            .ToDictionary(g => g.Key, g => g.GroupBy(r => r.Actual ?? string.Empty, StringComparer.Ordinal).MaxBy(a => a.Count())!.Key);
        return passing.GroupBy(r => Bin(r.Timestamp, bin))
            .Select(g => (g.Key, g.LongCount(r => string.Equals(r.Actual ?? string.Empty, usual[(r.Suite, r.CaseId)], StringComparison.Ordinal)), g.LongCount()));
    }

    /// <summary>Per bin: greedy violations and temperature-0 tokens inspected, over the results that reported log-probabilities.</summary>
    internal static IEnumerable<(DateTimeOffset Time, long Violations, long Tokens)> GreedyViolationBins(IReadOnlyList<CanaryResult> results, TimeSpan bin) =>
        results.Where(r => r.LogprobTokens > 0)
            .GroupBy(r => Bin(r.Timestamp, bin))
            .Select(g => (g.Key, g.Sum(r => r.GreedyViolations ?? 0), g.Sum(r => r.LogprobTokens!.Value)));

    /// <summary>Episodes of this alert that resolved before the current one (shaded on the chart).</summary>
    internal static IReadOnlyList<ChartEpisode> EarlierEpisodes(IReadOnlyList<AlertTransition> history)
    {
        var episodes = new List<ChartEpisode>();
        DateTimeOffset? opened = null;
        foreach (var transition in history.OrderBy(h => h.At))
        {
            if (transition.From is null or AlertState.Resolved && transition.To != AlertState.Resolved)
            {
                opened = transition.At;
            }
            else if (transition.To == AlertState.Resolved && opened is { } start)
            {
                episodes.Add(new ChartEpisode(start, transition.At));
                opened = null;
            }
        }

        // While open, every completed episode is an earlier one; once resolved, the last one is the current episode.
        return opened is not null || episodes.Count == 0 ? episodes : episodes[..^1];
    }

    private static string Source(string what, TimeSpan bin) =>
        bin == TimeSpan.FromMinutes(1) ? $"{what}, one point per minute" : $"{what}, one point per {(int)bin.TotalMinutes} minutes";

    private static DateTimeOffset Bin(DateTimeOffset time, TimeSpan bin) => new(time.UtcTicks - (time.UtcTicks % bin.Ticks), TimeSpan.Zero);

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static ChartPoint? Point(string kind, string detector, ChartMeasure measure, DateTimeOffset time, List<SeriesBucket> buckets)
    {
        var count = buckets.Sum(b => b.Count);
        switch (kind)
        {
            case FindingKinds.LatencyDrift or FindingKinds.RoutingAnomaly or FindingKinds.MultivariateDrift:
                // The detector compares per-minute medians (Mann–Whitney over minutes), so a bin of several minutes
                // shows the median of its per-minute medians: the same statistic, never a p95.
                var medians = buckets
                    .Select(b => detector.StartsWith("ttft", StringComparison.Ordinal) ? b.TimeToFirstTokenP50Seconds : b.LatencyP50Seconds)
                    .OfType<double>().Order().ToList();
                return medians.Count == 0 ? null : new ChartPoint(time, measure.Display(Median(medians)), count);
            case FindingKinds.OutputCorruption:
                var analysed = buckets.Sum(b => b.OutputsAnalysed);
                return analysed == 0 ? null : Rate(measure, time, buckets.Sum(b => b.OutputsWithUnexpectedScript), analysed);
            case FindingKinds.Truncation when detector.StartsWith("output-length", StringComparison.Ordinal):
                var answered = buckets.Sum(b => b.Count - b.Errors);
                var tokens = buckets.Sum(b => b.OutputTokens);
                return answered == 0 || tokens == 0 ? null : new ChartPoint(time, (double)tokens / answered, answered);
            case FindingKinds.Truncation:
                return count == 0 ? null : Rate(measure, time, buckets.Sum(b => b.FinishReasons.GetValueOrDefault("length")), count);
            case FindingKinds.Availability:
                return count == 0 ? null : Rate(measure, time, buckets.Sum(b => b.Errors), count);
            default:
                var total = buckets.Sum(b => b.QualityTotal);
                return total == 0 ? null : Rate(measure, time, buckets.Sum(b => b.QualityPassed), total);
        }
    }

    /// <summary>
    /// The pass rate over the trailing <see cref="RollingWindow"/> at each bin (checks of the bins ending at it), with its
    /// Wilson interval; bins before <paramref name="from"/> only feed the first windows.
    /// </summary>
    internal static List<ChartPoint> Rolling(ChartMeasure measure, IEnumerable<(DateTimeOffset Time, long Passed, long Total)> bins, TimeSpan bin, DateTimeOffset from)
    {
        var ordered = bins.Where(b => b.Total > 0).OrderBy(b => b.Time).ToList();
        var window = RollingWindow > bin ? RollingWindow : bin;
        var points = new List<ChartPoint>();
        long passed = 0, total = 0;
        var first = 0;
        foreach (var current in ordered)
        {
            passed += current.Passed;
            total += current.Total;
            while (ordered[first].Time <= current.Time - window)
            {
                passed -= ordered[first].Passed;
                total -= ordered[first].Total;
                first++;
            }

            if (current.Time >= Bin(from, bin))
            {
                points.Add(Rate(measure, current.Time, passed, total));
            }
        }

        return points;
    }

    private static double Median(List<double> sorted) =>
        sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;

    /// <summary>A share with its Wilson 95 % interval.</summary>
    internal static ChartPoint Rate(ChartMeasure measure, DateTimeOffset time, long hits, long n)
    {
        var p = (double)hits / n;
        var z2 = Z95 * Z95;
        var centre = (p + (z2 / (2 * n))) / (1 + (z2 / n));
        var half = Z95 * Math.Sqrt((p * (1 - p) / n) + (z2 / (4.0 * n * n))) / (1 + (z2 / n));
        return new ChartPoint(time, measure.Display(p), n, measure.Display(Math.Max(0, centre - half)), measure.Display(Math.Min(1, centre + half)));
    }

    /// <summary>Latency evidence: the slowest calls since the estimated start (each minute keeps its slowest call).</summary>
    private static IReadOnlyList<SlowestCall> Slowest(Alert alert, IReadOnlyList<SeriesBucket> rows) =>
        alert.Kind is FindingKinds.LatencyDrift or FindingKinds.RoutingAnomaly
            ? [.. rows.Where(b => b.Start >= alert.Evidence.EstimatedStart.AddMinutes(-1) && b.Slowest is not null)
                .Select(b => b.Slowest!).OrderByDescending(c => c.DurationSeconds).Take(SlowestCallsShown)]
            : [];
}
