namespace QualityWatch.Dashboards.Tests.Grafana;

/// <summary>One PromQL expression of a dashboard, with where it comes from.</summary>
internal sealed record DashboardQuery(GrafanaDashboard Dashboard, string Source, string Expression)
{
    public string SubstitutedExpression => PromQl.GrafanaTemplateVariables.Substitute(Expression, Dashboard.AllValues);

    public override string ToString() => $"{Dashboard.FileName} {Source}";
}
