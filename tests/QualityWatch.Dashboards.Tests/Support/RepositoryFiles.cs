using QualityWatch.TestSupport.Repository;

namespace QualityWatch.Dashboards.Tests.Support;

/// <summary>Locates the shipped files (dashboards, rules, collector configuration) from the test's output folder.</summary>
internal static class RepositoryFiles
{
    public static string Root => RepositoryRoot.Path;

    public static string DashboardsDirectory => RepositoryRoot.Dashboards;

    public static string RulesFile => Path.Combine(DashboardsDirectory, "prometheus-rules.yaml");

    public static string RuleTestsDirectory => Path.Combine(DashboardsDirectory, "tests");

    public static string OtelCollectorConfig => Path.Combine(Root, "otel-collector.yaml");

    public static IReadOnlyList<string> DashboardFiles =>
        [.. Directory.GetFiles(DashboardsDirectory, "*.json").Order(StringComparer.Ordinal)];
}
