using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using QualityWatch.Alerts.Incidents;
using QualityWatch.Core.Alerts;
using QualityWatch.Core.Canaries;
using QualityWatch.Core.Telemetry;

namespace QualityWatch.Alerts.Pages;

/// <summary>
/// Builds the provider overview, one row per physical model (provider family + model, merging the telemetry's and the
/// canaries' provider names): availability over the data held (at most the SLO window) against the published SLA,
/// pass rate and latency over the last hour (p50/p95 from merged histograms, <see cref="ILatencyQuantileSource"/>),
/// and the open incidents on the model.
/// </summary>
internal sealed class ProviderOverviewReader(IServiceProvider services, IAlertStore store, PhysicalTargets targets, IOptions<AlertsOptions> options, TimeProvider time)
{
    private static readonly TimeSpan Recent = TimeSpan.FromHours(1);

    public async Task<IReadOnlyList<ProviderStatus>> ReadAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = time.GetUtcNow();
        var rows = new Dictionary<(string Family, string Model), Accumulator>();
        Accumulator Row(string provider, string model)
        {
            var key = (targets.Family(provider), model);
            if (!rows.TryGetValue(key, out var row))
            {
                row = new Accumulator();
                rows[key] = row;
            }

            row.Names.Add(provider);
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
                row.Oldest = row.Oldest is { } oldest && oldest < bucket.Start ? oldest : bucket.Start;
                if (bucket.Start >= now - Recent)
                {
                    row.Passed += bucket.QualityPassed;
                    row.Checked += bucket.QualityTotal;
                }
            }
        }

        if (services.GetService<ICanaryResultStore>() is { } canaries)
        {
            foreach (var result in await canaries.QueryAsync(now - settings.SloWindow, now, null, cancellationToken))
            {
                var row = Row(result.Provider, result.Model);
                // Buckets already count canary calls; canary results only stand in when there are no buckets.
                if (hasBuckets)
                {
                    continue;
                }

                row.Calls++;
                row.Errors += result.Outcome == CanaryOutcome.Unavailable ? 1 : 0;
                row.Oldest = row.Oldest is { } oldest && oldest < result.Timestamp ? oldest : result.Timestamp;
                if (result.Timestamp >= now - Recent && result.Outcome != CanaryOutcome.Unavailable)
                {
                    row.Checked++;
                    row.Passed += result.Outcome == CanaryOutcome.Passed ? 1 : 0;
                    row.Latencies.Add(result.Latency.TotalSeconds);
                }
            }
        }

        var quantiles = services.GetService<ILatencyQuantileSource>() is { } latency
            ? await latency.QueryLatencyQuantilesAsync(now - Recent, now, key => Name(targets.Family(key.Provider), key.Model), cancellationToken)
            : new Dictionary<string, LatencyQuantiles>();

        var incidents = await store.QueryIncidentsAsync(new IncidentQuery(Open: true, Limit: 10_000), cancellationToken);
        foreach (var incident in incidents.OrderByDescending(i => i.Severity))
        {
            Row(incident.Provider, incident.Model).OpenIncidents.Add(incident.Kind);
        }

        return rows.OrderBy(r => r.Key.Family, StringComparer.Ordinal).ThenBy(r => r.Key.Model, StringComparer.Ordinal)
            .Select(r =>
            {
                var (family, model) = r.Key;
                var row = r.Value;
                var merged = quantiles.GetValueOrDefault(Name(family, model));
                return new ProviderStatus(
                    family,
                    model,
                    row.Names.Order(StringComparer.Ordinal).ToList(),
                    row.Checked == 0 ? null : (double)row.Passed / row.Checked,
                    row.Checked,
                    merged?.P50Seconds ?? Quantile(row.Latencies, 0.5),
                    merged?.P95Seconds ?? Quantile(row.Latencies, 0.95),
                    row.Calls == 0 ? null : 1 - ((double)row.Errors / row.Calls),
                    row.Calls,
                    row.Errors,
                    Sla(settings, row.Names, family, model),
                    row.Oldest is { } oldest ? now - oldest : null,
                    row.OpenIncidents);
            })
            .ToList();
    }

    private static string Name(string family, string model) => $"{family}|{model}";

    // An SLA configured for any name the model is seen under (openai-prod) applies; else the family's, else the default.
    private static double Sla(AlertsOptions settings, IEnumerable<string> names, string family, string model) =>
        names.Prepend(family).Where(n => settings.ProviderSlas.Any(s => s.Provider == n)).Select(n => settings.SlaFor(n, model)).DefaultIfEmpty(settings.DefaultSla).First();

    /// <summary>Nearest-rank quantile of raw per-call values (canary results), or null.</summary>
    private static double? Quantile(List<double> values, double q)
    {
        if (values.Count == 0)
        {
            return null;
        }

        var sorted = values.Order().ToList();
        return sorted[Math.Max(0, (int)Math.Ceiling(q * sorted.Count) - 1)];
    }

    private sealed class Accumulator
    {
        public HashSet<string> Names { get; } = new(StringComparer.Ordinal);

        public long Calls { get; set; }

        public long Errors { get; set; }

        public long Passed { get; set; }

        public long Checked { get; set; }

        public DateTimeOffset? Oldest { get; set; }

        public List<double> Latencies { get; } = [];

        public List<string> OpenIncidents { get; } = [];
    }
}
