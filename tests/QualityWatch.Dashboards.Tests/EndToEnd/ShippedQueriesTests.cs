using QualityWatch.Dashboards.Tests.Rules;

namespace QualityWatch.Dashboards.Tests.EndToEnd;

public sealed class ShippedQueriesTests
{
    [Fact]
    public void All_AreReadyForPrometheusWithoutTemplateVariables()
    {
        var queries = ShippedQueries.All();

        Assert.All(queries, q => Assert.DoesNotContain("$", q.Expression, StringComparison.Ordinal));
        Assert.Equal(queries.Count, queries.Select(q => q.Source).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void All_IncludeEveryRuleAndForEachAlertItsDataSelectingOperands()
    {
        var queries = ShippedQueries.All();

        foreach (var rule in ShippedRules.File.Rules)
        {
            if (rule.Record is not null)
            {
                Assert.Contains(queries, q => q.Source == $"rule {rule.Record}" && q.MustReturnData);
            }
            else
            {
                Assert.Contains(queries, q => q.Source == $"alert {rule.Alert}" && !q.MustReturnData);
                Assert.Contains(queries, q => q.Source.StartsWith($"alert {rule.Alert} operand ", StringComparison.Ordinal) && q.MustReturnData);
            }
        }
    }
}
