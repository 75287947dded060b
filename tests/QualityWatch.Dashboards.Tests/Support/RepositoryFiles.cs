namespace QualityWatch.Dashboards.Tests.Support;

/// <summary>Locates the shipped files (dashboards, rules, collector configuration) from the test's output folder.</summary>
internal static class RepositoryFiles
{
    private static readonly Lazy<string> RootPath = new(FindRoot);

    public static string Root => RootPath.Value;

    public static string DashboardsDirectory => Path.Combine(Root, "dashboards");

    public static string RulesFile => Path.Combine(DashboardsDirectory, "prometheus-rules.yaml");

    public static string RuleTestsDirectory => Path.Combine(DashboardsDirectory, "tests");

    public static string OtelCollectorConfig => Path.Combine(Root, "otel-collector.yaml");

    public static IReadOnlyList<string> DashboardFiles =>
        [.. Directory.GetFiles(DashboardsDirectory, "*.json").Order(StringComparer.Ordinal)];

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "QualityWatch.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"QualityWatch.sln not found above {AppContext.BaseDirectory}");
    }
}
