using System.Text.Json.Nodes;
using QualityWatch.Dashboards.Tests.PromQl;

namespace QualityWatch.Dashboards.Tests.Grafana;

public sealed class DashboardStructureTests
{
    private const int CurrentGrafanaSchemaVersion = 39;
    private const string DatasourceReference = "${datasource}";

    public static TheoryData<string> Dashboards => ShippedDashboards.FileNames;

    public static TheoryData<string> ProviderDashboards =>
        ["provider-overview.json", "canary-quality.json", "drift-alerts.json"];

    [Fact]
    public void Shipped_AreTheFourDashboardsWithUniqueUids()
    {
        var uids = ShippedDashboards.All.Select(d => d.Uid).ToList();

        Assert.Equal(
            new[] { "qualitywatch-canary-quality", "qualitywatch-collector-health", "qualitywatch-drift-alerts", "qualitywatch-provider-overview" },
            uids.Order(StringComparer.Ordinal));
        Assert.Equal(uids.Count, uids.Distinct(StringComparer.Ordinal).Count());
    }

    [Theory]
    [MemberData(nameof(Dashboards))]
    public void Dashboard_HasTitleDescriptionTagsAndCurrentSchema(string file)
    {
        var dashboard = ShippedDashboards.ByFile(file);

        Assert.StartsWith("QualityWatch / ", dashboard.Title, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace((string?)dashboard.Root["description"]));
        Assert.Contains("qualitywatch", dashboard.Root["tags"]!.AsArray().Select(t => (string?)t));
        Assert.True((int)dashboard.Root["schemaVersion"]! >= CurrentGrafanaSchemaVersion);
        Assert.InRange(dashboard.Uid.Length, 1, 40);  // Grafana's uid limit
        Assert.Null(dashboard.Root["id"]?.GetValue<int?>());  // import assigns the id
    }

    [Theory]
    [MemberData(nameof(Dashboards))]
    public void Dashboard_DeclaresPrometheusInputAndDatasourceVariable(string file)
    {
        var dashboard = ShippedDashboards.ByFile(file);

        var input = Assert.Single(dashboard.Root["__inputs"]!.AsArray().OfType<JsonObject>());
        Assert.Equal("DS_PROMETHEUS", (string?)input["name"]);
        Assert.Equal("datasource", (string?)input["type"]);
        Assert.Equal("prometheus", (string?)input["pluginId"]);

        var variable = Assert.Single(dashboard.Variables, v => (string?)v["name"] == "datasource");
        Assert.Equal("datasource", (string?)variable["type"]);
        Assert.Equal("prometheus", (string?)variable["query"]);
        // On import Grafana replaces ${DS_PROMETHEUS} with the data source the user picks.
        Assert.Equal("${DS_PROMETHEUS}", (string?)variable["current"]?["value"]);
    }

    [Theory]
    [MemberData(nameof(ProviderDashboards))]
    public void ProviderDashboard_HasProviderAndModelVariablesFromLabelValues(string file)
    {
        var dashboard = ShippedDashboards.ByFile(file);

        AssertLabelValuesVariable(dashboard, "provider", "gen_ai_provider_name");
        AssertLabelValuesVariable(dashboard, "model", "gen_ai_request_model");
    }

    [Theory]
    [MemberData(nameof(Dashboards))]
    public void Dashboard_QueryVariablesUseTheDatasourceVariableAndAllValue(string file)
    {
        foreach (var variable in ShippedDashboards.ByFile(file).Variables.Where(v => (string?)v["type"] == "query"))
        {
            Assert.Equal(DatasourceReference, (string?)variable["datasource"]?["uid"]);
            Assert.Equal(".*", (string?)variable["allValue"]);
            var query = GrafanaDashboard.VariableQuery(variable);
            Assert.StartsWith("label_values(", query, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(Dashboards))]
    public void Dashboard_LinksToEachOfTheOtherDashboards(string file)
    {
        var dashboard = ShippedDashboards.ByFile(file);
        var others = ShippedDashboards.All.Where(d => d.Uid != dashboard.Uid).Select(d => d.Uid).Order(StringComparer.Ordinal);

        var linkedUids = dashboard.Root["links"]!.AsArray().OfType<JsonObject>()
            .Select(l => (string?)l["url"] ?? string.Empty)
            .Select(url => url.Split('/', StringSplitOptions.RemoveEmptyEntries))
            .Select(parts => parts.Length >= 2 && parts[0] == "d" ? parts[1] : "unresolved")
            .Order(StringComparer.Ordinal);

        Assert.Equal(others, linkedUids);
        Assert.All(dashboard.Root["links"]!.AsArray().OfType<JsonObject>(), l => Assert.True((bool?)l["includeVars"] == true && (bool?)l["keepTime"] == true));
    }

    [Theory]
    [MemberData(nameof(Dashboards))]
    public void EveryPanel_HasPrometheusTargetsThroughTheDatasourceVariable(string file)
    {
        var panels = ShippedDashboards.ByFile(file).Panels.Where(p => (string?)p["type"] != "row").ToList();

        Assert.NotEmpty(panels);
        Assert.All(panels, panel =>
        {
            var title = (string?)panel["title"];
            Assert.False(string.IsNullOrWhiteSpace(title));
            Assert.False(string.IsNullOrWhiteSpace((string?)panel["description"]), $"panel '{title}' has no description");
            Assert.Equal(DatasourceReference, (string?)panel["datasource"]?["uid"]);
            var targets = panel["targets"]?.AsArray().OfType<JsonObject>().ToList() ?? [];
            Assert.True(targets.Count > 0, $"panel '{title}' has no targets");
            Assert.All(targets, target =>
            {
                Assert.Equal("prometheus", (string?)target["datasource"]?["type"]);
                Assert.Equal(DatasourceReference, (string?)target["datasource"]?["uid"]);
                Assert.False(string.IsNullOrWhiteSpace((string?)target["expr"]), $"panel '{title}' has a target without expr");
            });
            Assert.Equal(targets.Count, targets.Select(t => (string?)t["refId"]).Distinct(StringComparer.Ordinal).Count());
        });
    }

    [Theory]
    [MemberData(nameof(Dashboards))]
    public void Panels_HaveUniqueIdsAndDoNotOverlap(string file)
    {
        var panels = ShippedDashboards.ByFile(file).Panels;
        Assert.Equal(panels.Count, panels.Select(p => (int)p["id"]!).Distinct().Count());

        var boxes = panels.Select(p => (Title: (string?)p["title"], X: (int)p["gridPos"]!["x"]!, Y: (int)p["gridPos"]!["y"]!, W: (int)p["gridPos"]!["w"]!, H: (int)p["gridPos"]!["h"]!)).ToList();
        Assert.All(boxes, b => Assert.InRange(b.X + b.W, 1, 24));
        for (var i = 0; i < boxes.Count; i++)
        {
            for (var j = i + 1; j < boxes.Count; j++)
            {
                var (a, b) = (boxes[i], boxes[j]);
                var overlap = a.X < b.X + b.W && b.X < a.X + a.W && a.Y < b.Y + b.H && b.Y < a.Y + a.H;
                Assert.False(overlap, $"panels '{a.Title}' and '{b.Title}' overlap");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Dashboards))]
    public void EveryTemplateVariableInAQuery_IsDefinedByTheDashboardOrGrafana(string file)
    {
        var dashboard = ShippedDashboards.ByFile(file);
        var defined = dashboard.Variables.Select(v => (string)v["name"]!).ToHashSet(StringComparer.Ordinal);

        foreach (var query in dashboard.Queries)
        {
            foreach (var name in GrafanaTemplateVariables.Referenced(query.Expression))
            {
                Assert.True(defined.Contains(name) || GrafanaTemplateVariables.BuiltIns.ContainsKey(name), $"{query}: ${name} is not defined");
            }
        }
    }

    [Fact]
    public void DriftDashboard_AnnotatesAlertStartAndEndFromAlertsAndQualityWatchAlerts()
    {
        var annotations = ShippedDashboards.ByFile("drift-alerts.json").Annotations
            .Where(a => (string?)a["datasource"]?["type"] == "prometheus").ToList();

        var selected = annotations.SelectMany(a => PromQlMetricNames.Extract((string)a["expr"]!)).ToHashSet(StringComparer.Ordinal);
        Assert.Contains("ALERTS", selected);
        Assert.Contains("qualitywatch_alerts_active", selected);
        // Grafana draws a region from the first to the last sample of each series: the alert's start and end.
        Assert.All(annotations, a =>
        {
            Assert.True((bool?)a["enable"] == true);
            Assert.False((bool?)a["useValueForTime"] == true);
            Assert.Equal(DatasourceReference, (string?)a["datasource"]?["uid"]);
        });
    }

    private static void AssertLabelValuesVariable(GrafanaDashboard dashboard, string name, string label)
    {
        var variable = Assert.Single(dashboard.Variables, v => (string?)v["name"] == name);
        Assert.Equal("query", (string?)variable["type"]);
        Assert.True((bool?)variable["includeAll"] == true);
        var query = GrafanaDashboard.VariableQuery(variable);
        Assert.Matches($@"^label_values\((gen_ai|qualitywatch)_[a-z_]+(\{{.*\}})?, {label}\)$", query);
        var metric = Assert.Single(PromQlMetricNames.Extract(GrafanaDashboard.LabelValuesAsPromQl(query)));
        Assert.Contains(metric, MetricCatalogue.SeriesNames);
    }
}
