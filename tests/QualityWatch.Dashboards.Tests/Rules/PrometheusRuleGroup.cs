namespace QualityWatch.Dashboards.Tests.Rules;

/// <summary>One rule group.</summary>
internal sealed class PrometheusRuleGroup
{
    public string Name { get; set; } = string.Empty;

    public string? Interval { get; set; }

    public List<PrometheusRule> Rules { get; set; } = [];
}
