using QualityWatch.Dashboards.Tests.Support;

namespace QualityWatch.Dashboards.Tests.Rules;

/// <summary>The shipped <c>dashboards/prometheus-rules.yaml</c>, loaded once.</summary>
internal static class ShippedRules
{
    private static readonly Lazy<PrometheusRuleFile> Loaded = new(() => PrometheusRuleFile.Load(RepositoryFiles.RulesFile));

    public static PrometheusRuleFile File => Loaded.Value;

    /// <summary>Series names a dashboard or rule may select: the catalogue, recording rules and ALERTS.</summary>
    public static IReadOnlySet<string> SelectableNames =>
        MetricCatalogue.SeriesNames.Concat(File.RecordedNames).Concat(MetricCatalogue.PrometheusBuiltIns)
            .ToHashSet(StringComparer.Ordinal);
}
