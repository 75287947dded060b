using System.Text.RegularExpressions;

namespace QualityWatch.Dashboards.Tests.PromQl;

/// <summary>
/// The Grafana template variables a PromQL expression uses, and the substitution Grafana would make with every
/// "All" variable selected, so the expression can be sent to Prometheus as is.
/// </summary>
internal static partial class GrafanaTemplateVariables
{
    /// <summary>Variables Grafana defines itself, with the value the end-to-end test substitutes.</summary>
    public static readonly IReadOnlyDictionary<string, string> BuiltIns = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["__rate_interval"] = "1m",
        ["__interval"] = "15s",
        ["__range"] = "1h",
        ["__range_s"] = "3600",
        ["__interval_ms"] = "15000",
    };

    [GeneratedRegex(@"\$\{(?<name>[A-Za-z_][A-Za-z0-9_]*)(?::[^}]*)?\}|\$(?<name>[A-Za-z_][A-Za-z0-9_]*)|\[\[(?<name>[A-Za-z_][A-Za-z0-9_]*)\]\]")]
    private static partial Regex VariablePattern();

    public static IReadOnlySet<string> Referenced(string expression) =>
        VariablePattern().Matches(expression).Select(m => m.Groups["name"].Value).ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// Replaces built-ins by <see cref="BuiltIns"/> and every dashboard variable by its "All" value.
    /// </summary>
    public static string Substitute(string expression, IReadOnlyDictionary<string, string> dashboardVariables)
    {
        ArgumentNullException.ThrowIfNull(dashboardVariables);
        return VariablePattern().Replace(expression, m =>
        {
            var name = m.Groups["name"].Value;
            if (BuiltIns.TryGetValue(name, out var builtIn))
            {
                return builtIn;
            }

            return dashboardVariables.TryGetValue(name, out var value)
                ? value
                : throw new KeyNotFoundException($"template variable ${name} is not defined in the dashboard: {expression}");
        });
    }
}
