using Microsoft.Extensions.Options;
using QualityWatch.Alerts.Incidents;
using QualityWatch.Core.Alerts;
using static QualityWatch.Alerts.Tests.Infrastructure.TestFindings;

namespace QualityWatch.Alerts.Tests.Incidents;

public sealed class IncidentLinksTests
{
    private static readonly Incident Resolved = new("inc-1", "latency|openai|gpt-4o-mini", "latency-drift", "openai", "gpt-4o-mini", AlertState.Resolved,
        AlertSeverity.Warning, "s", T0, T0.AddHours(2), T0.AddHours(3));

    [Fact]
    public void Runbook_WithABaseUrl_PointsAtTheKindsMarkdownThere_ElseAtTheCollectorsOwnCopy()
    {
        var configured = new IncidentLinks(Options.Create(new AlertsOptions { RunbookBaseUrl = "https://github.com/acme/qw/blob/main/docs/runbooks/" }));
        var served = new IncidentLinks(Options.Create(new AlertsOptions { ExternalUrl = "https://qw.example.com" }));

        Assert.Equal("https://github.com/acme/qw/blob/main/docs/runbooks/latency-drift.md", configured.Runbook("latency-drift"));
        Assert.Equal("https://qw.example.com/runbooks/latency-drift", served.Runbook("latency-drift"));
    }

    [Fact]
    public void Dashboards_OnlyWithAGrafanaUrl_CarryProviderModelAndTheIncidentsTimeRange()
    {
        var links = new IncidentLinks(Options.Create(new AlertsOptions { GrafanaUrl = "https://grafana.example.com/" }));

        var dashboards = links.Dashboards(Resolved, "openai-prod");

        Assert.Empty(new IncidentLinks(Options.Create(new AlertsOptions())).Dashboards(Resolved, "openai-prod"));
        Assert.Equal(["Provider overview", "Drift and alerts"], dashboards.Select(d => d.Title));
        var from = T0.AddHours(-3).ToUnixTimeMilliseconds();
        var to = T0.AddHours(4).ToUnixTimeMilliseconds();
        Assert.Equal($"https://grafana.example.com/d/qualitywatch-drift-alerts?var-provider=openai-prod&var-model=gpt-4o-mini&from={from}&to={to}", dashboards[1].Url);
    }

    [Fact]
    public void DashboardUids_AreTheOnesShippedInDashboards()
    {
        var shipped = Directory.GetFiles(QualityWatch.TestSupport.Repository.RepositoryRoot.Dashboards, "*.json").Select(File.ReadAllText).ToList();
        foreach (var uid in new[] { "qualitywatch-provider-overview", "qualitywatch-drift-alerts", "qualitywatch-canary-quality" })
        {
            Assert.Contains(shipped, json => json.Contains($"\"uid\": \"{uid}\"", StringComparison.Ordinal));
        }
    }
}
