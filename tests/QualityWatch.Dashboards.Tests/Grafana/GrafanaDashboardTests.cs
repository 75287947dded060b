namespace QualityWatch.Dashboards.Tests.Grafana;

public sealed class GrafanaDashboardTests
{
    [Theory]
    [InlineData("label_values(m_count, gen_ai_provider_name)", "count by (gen_ai_provider_name) (m_count)")]
    [InlineData("label_values(m{a=~\"$provider\", b=\"x,y\"}, suite)", "count by (suite) (m{a=~\"$provider\", b=\"x,y\"})")]
    public void LabelValuesAsPromQl_VariableQuery_CountsSeriesByTheLabel(string variableQuery, string expected)
    {
        Assert.Equal(expected, GrafanaDashboard.LabelValuesAsPromQl(variableQuery));
    }

    [Theory]
    [InlineData("query_result(up)")]
    [InlineData("label_values(gen_ai_provider_name)")]
    public void LabelValuesAsPromQl_OtherVariableQuery_Throws(string variableQuery)
    {
        Assert.Throws<FormatException>(() => GrafanaDashboard.LabelValuesAsPromQl(variableQuery));
    }

    [Fact]
    public void Queries_IncludePanelTargetsAnnotationsAndVariables()
    {
        var drift = ShippedDashboards.ByFile("drift-alerts.json");

        var sources = drift.Queries.Select(q => q.Source).ToList();

        Assert.Contains(sources, s => s.StartsWith("panel ", StringComparison.Ordinal));
        Assert.Equal(2, sources.Count(s => s.StartsWith("annotation ", StringComparison.Ordinal)));
        Assert.Equal(["variable $provider", "variable $model", "variable $detector"], sources.Where(s => s.StartsWith("variable ", StringComparison.Ordinal)));
    }
}
