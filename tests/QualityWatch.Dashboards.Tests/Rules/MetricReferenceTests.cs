using System.Text.RegularExpressions;
using QualityWatch.Dashboards.Tests.Grafana;
using QualityWatch.Dashboards.Tests.PromQl;

namespace QualityWatch.Dashboards.Tests.Rules;

public sealed partial class MetricReferenceTests
{
    public static TheoryData<string> Dashboards => ShippedDashboards.FileNames;

    [Theory]
    [MemberData(nameof(Dashboards))]
    public void EveryDashboardQuery_SelectsOnlyCatalogueMetricsOrRecordingRules(string file)
    {
        var queries = ShippedDashboards.ByFile(file).Queries;

        Assert.NotEmpty(queries);
        foreach (var query in queries)
        {
            var names = PromQlMetricNames.Extract(query.Expression);
            Assert.True(names.Count > 0, $"{query} selects no metric: {query.Expression}");
            var unknown = names.Except(ShippedRules.SelectableNames).ToList();
            Assert.True(unknown.Count == 0, $"{query} selects unknown metric(s) {string.Join(", ", unknown)}: {query.Expression}");
        }
    }

    [Fact]
    public void EveryRule_SelectsOnlyCatalogueMetricsOrRecordingRules()
    {
        foreach (var rule in ShippedRules.File.Rules)
        {
            var names = PromQlMetricNames.Extract(rule.Expr);
            Assert.True(names.Count > 0, $"{rule} selects no metric");
            var unknown = names.Except(MetricCatalogue.SeriesNames).Except(ShippedRules.File.RecordedNames).ToList();
            Assert.True(unknown.Count == 0, $"{rule} selects unknown metric(s) {string.Join(", ", unknown)}");
        }
    }

    [GeneratedRegex("^[a-z_]+:[a-z_]+:[a-z0-9_]+$")]
    private static partial Regex RecordingRuleName();

    [Fact]
    public void RecordingRules_AreNamedLevelMetricOperationsAndUnique()
    {
        var records = ShippedRules.File.Rules.Where(r => r.Record is not null).Select(r => r.Record!).ToList();

        Assert.NotEmpty(records);
        Assert.All(records, r => Assert.Matches(RecordingRuleName(), r));
        Assert.Equal(records.Count, records.Distinct(StringComparer.Ordinal).Count());
        // Counters lose their _total suffix in recorded names.
        Assert.DoesNotContain(records, r => r.Split(':')[1].EndsWith("_total", StringComparison.Ordinal));
    }

    [Fact]
    public void EveryRecordingRule_IsUsedByADashboardOrAnAlert()
    {
        var used = ShippedDashboards.All.SelectMany(d => d.Queries).Select(q => q.Expression)
            .Concat(ShippedRules.File.Rules.Select(r => r.Expr))
            .SelectMany(PromQlMetricNames.Extract)
            .ToHashSet(StringComparer.Ordinal);

        Assert.Empty(ShippedRules.File.RecordedNames.Except(used));
    }

    [Fact]
    public void DashboardsAndRules_CoverEveryCatalogueMetricFamily()
    {
        var used = ShippedDashboards.All.SelectMany(d => d.Queries).Select(q => q.Expression)
            .Concat(ShippedRules.File.Rules.Select(r => r.Expr))
            .SelectMany(PromQlMetricNames.Extract)
            .ToHashSet(StringComparer.Ordinal);
        var families = MetricCatalogue.Histograms.Concat(MetricCatalogue.Counters).Concat(MetricCatalogue.Gauges);

        var unused = families.Where(f => !used.Contains(f) && !used.Any(u => u.StartsWith(f + "_", StringComparison.Ordinal))).ToList();

        Assert.Empty(unused);
    }
}
