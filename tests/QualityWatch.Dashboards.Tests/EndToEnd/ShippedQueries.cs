using QualityWatch.Dashboards.Tests.Grafana;
using QualityWatch.Dashboards.Tests.PromQl;
using QualityWatch.Dashboards.Tests.Rules;

namespace QualityWatch.Dashboards.Tests.EndToEnd;

/// <summary>
/// Every PromQL expression the shipped files send to Prometheus, ready to run: dashboard panels, annotations and
/// variables (template variables substituted), recording rules, and alerting rules. An alert's condition is empty
/// while nothing is wrong, so for alerts the condition must be valid and each operand must return data.
/// </summary>
internal static class ShippedQueries
{
    public static IReadOnlyList<ShippedQuery> All()
    {
        var queries = new List<ShippedQuery>();
        foreach (var query in ShippedDashboards.All.SelectMany(d => d.Queries))
        {
            queries.Add(new ShippedQuery(query.ToString(), query.SubstitutedExpression, MustReturnData: true));
        }

        foreach (var rule in ShippedRules.File.Rules)
        {
            if (rule.Record is not null)
            {
                queries.Add(new ShippedQuery($"rule {rule.Record}", rule.Expr, MustReturnData: true));
                continue;
            }

            queries.Add(new ShippedQuery($"alert {rule.Alert}", rule.Expr, MustReturnData: false));
            var operands = PromQlConditionOperands.Split(rule.Expr);
            for (var i = 0; i < operands.Count; i++)
            {
                queries.Add(new ShippedQuery($"alert {rule.Alert} operand {i + 1}", operands[i], MustReturnData: true));
            }
        }

        return queries;
    }
}
