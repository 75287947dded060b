namespace QualityWatch.Dashboards.Tests.PromQl;

public sealed class GrafanaTemplateVariablesTests
{
    private static readonly Dictionary<string, string> AllValues = new(StringComparer.Ordinal)
    {
        ["provider"] = ".*",
        ["model"] = ".*",
    };

    [Fact]
    public void Substitute_DashboardAndBuiltInVariables_ProducesPlainPromQl()
    {
        var substituted = GrafanaTemplateVariables.Substitute(
            "sum(rate(x{p=~\"$provider\", m=~\"${model}\"}[$__rate_interval])) + increase(y[$__range])", AllValues);

        Assert.Equal("sum(rate(x{p=~\".*\", m=~\".*\"}[1m])) + increase(y[1h])", substituted);
    }

    [Fact]
    public void Substitute_UndefinedVariable_Throws()
    {
        Assert.Throws<KeyNotFoundException>(() => GrafanaTemplateVariables.Substitute("x{a=~\"$region\"}", AllValues));
    }

    [Fact]
    public void Referenced_AllSyntaxes_ReturnsNames()
    {
        Assert.Equal(
            new[] { "__range", "model", "provider", "suite" },
            GrafanaTemplateVariables.Referenced("$provider ${model:regex} [[suite]] [$__range]").Order(StringComparer.Ordinal));
    }
}
