using Microsoft.Extensions.DependencyInjection;
using QualityWatch.Core.Canaries;
using QualityWatch.Core.Findings;
using QualityWatch.Core.Telemetry;
using QualityWatch.Storage.Alerts;

namespace QualityWatch.Alerts.Pages;

/// <summary>
/// Reads the series around an alert's change for the chart: stored buckets (<see cref="ISeriesBucketSource"/>) or canary
/// results (<see cref="ICanaryResultStore"/>) when the host registers them, else the evidence's before/after values.
/// </summary>
internal sealed class SeriesHistoryReader(IServiceProvider services)
{
    private const int TargetPoints = 90;

    public async Task<ChartData> ReadAsync(Alert alert, CancellationToken cancellationToken)
    {
        var evidence = alert.Evidence;
        var span = evidence.DetectedAt - evidence.EstimatedStart;
        var margin = TimeSpan.FromTicks(Math.Max(TimeSpan.FromHours(1).Ticks, span.Ticks * 3));
        var from = evidence.EstimatedStart - margin;
        var to = (alert.ResolvedAt ?? alert.LastEvidenceAt) + TimeSpan.FromTicks(margin.Ticks / 2);
        var bin = TimeSpan.FromMinutes(Math.Max(1, Math.Ceiling((to - from).TotalMinutes / TargetPoints)));
        var measure = Measure(alert.Kind);

        if (services.GetService<ISeriesBucketSource>() is { } buckets)
        {
            var rows = (await buckets.QueryBucketsAsync(from, to, cancellationToken)).Where(b => b.Key.Canonical == alert.Series).ToList();
            var points = rows.GroupBy(b => Bin(b.Start, bin)).Select(g => Point(alert.Kind, g.Key, g.ToList())).OfType<ChartPoint>().ToList();
            if (points.Count > 0)
            {
                return new ChartData(points, measure, "stored buckets");
            }
        }

        if (services.GetService<ICanaryResultStore>() is { } canaries)
        {
            var results = (await canaries.QueryAsync(from, to, alert.Provider, cancellationToken))
                .Where(r => r.Model == alert.Model && (alert.Suite is null || r.Suite == alert.Suite) && r.Outcome != CanaryOutcome.Unavailable)
                .ToList();
            var points = results.GroupBy(r => Bin(r.Timestamp, bin))
                .Select(g => new ChartPoint(g.Key, (double)g.Count(r => r.Outcome == CanaryOutcome.Passed) / g.Count(), g.Count()))
                .ToList();
            if (points.Count > 0 && alert.Kind == FindingKinds.QualityRegression)
            {
                return new ChartData(points, "canary pass rate", "canary results");
            }
        }

        // No telemetry source: draw what the evidence says, before and after the estimated start.
        var fromEvidence = new List<ChartPoint>
        {
            new(from, evidence.Baseline.Value, evidence.Baseline.SampleSize),
            new(evidence.EstimatedStart, evidence.Baseline.Value, evidence.Baseline.SampleSize),
            new(evidence.EstimatedStart, evidence.Current.Value, evidence.Current.SampleSize),
            new(evidence.DetectedAt > evidence.EstimatedStart ? evidence.DetectedAt : to, evidence.Current.Value, evidence.Current.SampleSize),
        };
        return new ChartData(fromEvidence, $"{measure} ({evidence.Current.Unit})", "evidence baseline and current");
    }

    private static DateTimeOffset Bin(DateTimeOffset time, TimeSpan bin) => new(time.UtcTicks - (time.UtcTicks % bin.Ticks), TimeSpan.Zero);

    private static string Measure(string kind) => kind switch
    {
        FindingKinds.LatencyDrift => "latency p95 (s)",
        FindingKinds.OutputCorruption => "share of outputs with unexpected script",
        FindingKinds.Truncation => "share of finish_reason=length",
        FindingKinds.Availability => "availability",
        _ => "pass rate",
    };

    private static ChartPoint? Point(string kind, DateTimeOffset time, List<SeriesBucket> buckets)
    {
        var count = buckets.Sum(b => b.Count);
        switch (kind)
        {
            case FindingKinds.LatencyDrift:
                var latencies = buckets.Where(b => b.LatencyP95Seconds is not null).ToList();
                return latencies.Count == 0 ? null : new ChartPoint(time, latencies.Max(b => b.LatencyP95Seconds!.Value), count);
            case FindingKinds.OutputCorruption:
                var analysed = buckets.Sum(b => b.OutputsAnalysed);
                return analysed == 0 ? null : new ChartPoint(time, (double)buckets.Sum(b => b.OutputsWithUnexpectedScript) / analysed, analysed);
            case FindingKinds.Truncation:
                return count == 0 ? null : new ChartPoint(time, (double)buckets.Sum(b => b.FinishReasons.GetValueOrDefault("length")) / count, count);
            case FindingKinds.Availability:
                return count == 0 ? null : new ChartPoint(time, 1 - ((double)buckets.Sum(b => b.Errors) / count), count);
            default:
                var total = buckets.Sum(b => b.QualityTotal);
                return total == 0 ? null : new ChartPoint(time, (double)buckets.Sum(b => b.QualityPassed) / total, total);
        }
    }
}
