using QualityWatch.Dashboards.Tests.Support;

namespace QualityWatch.Dashboards.Tests.Grafana;

/// <summary>The dashboards in <c>dashboards/*.json</c>, loaded once, and xunit theory data over them.</summary>
internal static class ShippedDashboards
{
    private static readonly Lazy<IReadOnlyList<GrafanaDashboard>> Loaded =
        new(() => [.. RepositoryFiles.DashboardFiles.Select(GrafanaDashboard.Load)]);

    public static IReadOnlyList<GrafanaDashboard> All => Loaded.Value;

    public static GrafanaDashboard ByFile(string fileName) => All.Single(d => d.FileName == fileName);

    public static TheoryData<string> FileNames => [.. RepositoryFiles.DashboardFiles.Select(Path.GetFileName).OfType<string>()];
}
