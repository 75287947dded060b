using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using QualityWatch.Core.Canaries;
using QualityWatch.Core.Telemetry;
using QualityWatch.Storage.Alerts;

namespace QualityWatch.Alerts.Pages;

/// <summary>
/// Builds the provider overview: availability over the SLO window against the published SLA, plus pass rate and
/// latency over the last hour, from buckets and canary results when registered, and open alerts from the store.
/// </summary>
internal sealed class ProviderOverviewReader(IServiceProvider services, IAlertStore store, IOptions<AlertsOptions> options, TimeProvider time)
{
    private static readonly TimeSpan Recent = TimeSpan.FromHours(1);

    public async Task<IReadOnlyList<ProviderStatus>> ReadAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = time.GetUtcNow();
        var rows = new Dictionary<(string Provider, string Model), Accumulator>();
        Accumulator Row(string provider, string model)
        {
            if (!rows.TryGetValue((provider, model), out var row))
            {
                row = new Accumulator();
                rows[(provider, model)] = row;
            }

            return row;
        }

        var hasBuckets = false;
        if (services.GetService<ISeriesBucketSource>() is { } source)
        {
            foreach (var bucket in await source.QueryBucketsAsync(now - settings.SloWindow, now, cancellationToken))
            {
                hasBuckets = true;
                var row = Row(bucket.Key.Provider, bucket.Key.Model);
                row.Calls += bucket.Count;
                row.Errors += bucket.Errors;
                if (bucket.Start >= now - Recent)
                {
                    row.Passed += bucket.QualityPassed;
                    row.Checked += bucket.QualityTotal;
                    if (bucket.LatencyP50Seconds is { } p50)
                    {
                        row.P50.Add(p50);
                    }

                    if (bucket.LatencyP95Seconds is { } p95)
                    {
                        row.P95.Add(p95);
                    }
                }
            }
        }

        if (services.GetService<ICanaryResultStore>() is { } canaries)
        {
            foreach (var result in await canaries.QueryAsync(now - settings.SloWindow, now, null, cancellationToken))
            {
                var row = Row(result.Provider, result.Model);
                // Buckets already count canary calls; canary results only stand in when there are no buckets.
                if (!hasBuckets)
                {
                    row.Calls++;
                    row.Errors += result.Outcome == CanaryOutcome.Unavailable ? 1 : 0;
                }

                if (result.Timestamp >= now - Recent && result.Outcome != CanaryOutcome.Unavailable && !hasBuckets)
                {
                    row.Checked++;
                    row.Passed += result.Outcome == CanaryOutcome.Passed ? 1 : 0;
                    row.P50.Add(result.Latency.TotalSeconds);
                }
            }
        }

        var open = await store.ListOpenAsync(cancellationToken);
        foreach (var alert in open)
        {
            Row(alert.Provider, alert.Model).OpenAlerts++;
        }

        return rows.OrderBy(r => r.Key.Provider, StringComparer.Ordinal).ThenBy(r => r.Key.Model, StringComparer.Ordinal)
            .Select(r => new ProviderStatus(
                r.Key.Provider,
                r.Key.Model,
                r.Value.Checked == 0 ? null : (double)r.Value.Passed / r.Value.Checked,
                r.Value.Checked,
                Median(r.Value.P50),
                r.Value.P95.Count == 0 ? null : Quantile(r.Value.P95, 0.95),
                r.Value.Calls == 0 ? null : 1 - ((double)r.Value.Errors / r.Value.Calls),
                r.Value.Calls,
                r.Value.Errors,
                settings.SlaFor(r.Key.Provider, r.Key.Model),
                r.Value.OpenAlerts))
            .ToList();
    }

    private static double? Median(List<double> values) => values.Count == 0 ? null : Quantile(values, 0.5);

    private static double Quantile(List<double> values, double q)
    {
        var sorted = values.Order().ToList();
        return sorted[(int)Math.Min(sorted.Count - 1, Math.Floor(q * sorted.Count))];
    }

    private sealed class Accumulator
    {
        public long Calls { get; set; }

        public long Errors { get; set; }

        public long Passed { get; set; }

        public long Checked { get; set; }

        public List<double> P50 { get; } = [];

        public List<double> P95 { get; } = [];

        public int OpenAlerts { get; set; }
    }
}
