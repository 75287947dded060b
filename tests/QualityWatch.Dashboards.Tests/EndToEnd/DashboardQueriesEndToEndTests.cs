using System.Diagnostics;
using System.Text;
using QualityWatch.Dashboards.Tests.Rules;
using QualityWatch.Dashboards.Tests.Support;

namespace QualityWatch.Dashboards.Tests.EndToEnd;

/// <summary>
/// The issue's "done when": with the collector under simulated traffic and canaries and a real Prometheus scraping
/// it, every PromQL expression of every dashboard and rule is valid and returns data.
/// </summary>
public sealed class DashboardQueriesEndToEndTests(MonitoredCollector collector) : IClassFixture<MonitoredCollector>
{
    private static readonly TimeSpan DataDeadline = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task EveryDashboardAndRuleQuery_IsValidAndReturnsDataFromTheScrapedCollector()
    {
        var queries = ShippedQueries.All();
        var results = new Dictionary<ShippedQuery, PrometheusQueryResult>();
        var waited = Stopwatch.StartNew();
        do
        {
            collector.ThrowIfTrafficFailed();
            foreach (var query in queries.Where(q => !results.TryGetValue(q, out var r) || !Satisfied(q, r)))
            {
                results[query] = await collector.Prometheus.QueryAsync(query.Expression);
            }

            if (queries.All(q => Satisfied(q, results[q])))
            {
                break;
            }

            await Task.Delay(TimeSpan.FromSeconds(2));
        }
        while (waited.Elapsed < DataDeadline);

        var failures = new StringBuilder();
        foreach (var query in queries.Where(q => !Satisfied(q, results[q])))
        {
            var result = results[query];
            failures.AppendLine(result.IsSuccess
                ? $"{query}: no data\n    {query.Expression}"
                : $"{query}: {result.ErrorType}: {result.Error}\n    {query.Expression}");
        }

        Assert.True(failures.Length == 0, $"after {waited.Elapsed.TotalSeconds:F0}s and {collector.CallsSent} calls:\n{failures}\nPrometheus log:\n{collector.Prometheus.Log}");
        Assert.True(queries.Count > 80, $"only {queries.Count} queries found");
    }

    private static bool Satisfied(ShippedQuery query, PrometheusQueryResult result) =>
        result.IsSuccess && (result.HasData || !query.MustReturnData);

    [Fact]
    public async Task Prometheus_LoadsEveryShippedRuleAndEvaluatesItWithoutError()
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var rules = (await collector.Prometheus.RuleGroupsAsync())
                .SelectMany(g => g!["rules"]!.AsArray())
                .Select(r => (Name: (string?)r!["name"], Health: (string?)r["health"], Error: (string?)r["lastError"]))
                .ToList();
            Assert.Equal(ShippedRules.File.Rules.Count(), rules.Count);
            var notOk = rules.Where(r => r.Health != "ok").ToList();
            if (notOk.Count == 0)
            {
                break;
            }

            Assert.DoesNotContain(notOk, r => r.Health == "err");
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(30), $"rules not evaluated: {string.Join(", ", notOk.Select(r => r.Name))}");
            await Task.Delay(500);
        }
    }

    [Fact]
    public async Task CollectorExposition_PassesPromtoolCheckMetricsAndHasEveryCatalogueFamily()
    {
        var catalogue = MetricCatalogue.Histograms.Concat(MetricCatalogue.Counters).Concat(MetricCatalogue.Gauges).ToList();
        string exposition;
        IReadOnlySet<string> families;
        var waited = Stopwatch.StartNew();
        while (true)
        {
            // Detection and alerts add their families after their first findings.
            exposition = await collector.ScrapeAsync();
            families = exposition.Split('\n')
                .Where(l => l.StartsWith("# TYPE ", StringComparison.Ordinal))
                .Select(l => l.Split(' ')[2])
                .ToHashSet(StringComparer.Ordinal);
            if (catalogue.All(families.Contains) || waited.Elapsed > DataDeadline)
            {
                break;
            }

            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        var result = await ToolProcess.RunAsync("/usr/bin/promtool", ["check", "metrics"], standardInput: exposition);

        Assert.True(result.ExitCode == 0, $"promtool check metrics:\n{result.Output}");
        Assert.All(catalogue, f => Assert.Contains(f, families));
    }
}
