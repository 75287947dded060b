using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace QualityWatch.Dashboards.Tests.Grafana;

/// <summary>A shipped Grafana dashboard JSON file and the PromQL it sends to Prometheus.</summary>
internal sealed partial class GrafanaDashboard
{
    private GrafanaDashboard(string fileName, JsonObject root)
    {
        FileName = fileName;
        Root = root;
    }

    public string FileName { get; }

    public JsonObject Root { get; }

    public string Uid => (string?)Root["uid"] ?? string.Empty;

    public string Title => (string?)Root["title"] ?? string.Empty;

    /// <summary>Every panel, including those nested in collapsed rows.</summary>
    public IReadOnlyList<JsonObject> Panels =>
        [.. (Root["panels"]?.AsArray() ?? []).OfType<JsonObject>()
            .SelectMany(p => new[] { p }.Concat((p["panels"]?.AsArray() ?? []).OfType<JsonObject>()))];

    public IReadOnlyList<JsonObject> Variables =>
        [.. (Root["templating"]?["list"]?.AsArray() ?? []).OfType<JsonObject>()];

    public IReadOnlyList<JsonObject> Annotations =>
        [.. (Root["annotations"]?["list"]?.AsArray() ?? []).OfType<JsonObject>()];

    /// <summary>Values substituted for the dashboard's own variables: each query variable set to "All".</summary>
    public IReadOnlyDictionary<string, string> AllValues =>
        Variables.Where(v => (string?)v["type"] == "query")
            .ToDictionary(v => (string)v["name"]!, v => (string?)v["allValue"] ?? ".*", StringComparer.Ordinal);

    /// <summary>Every PromQL expression: panel targets, annotation queries and variable queries.</summary>
    public IReadOnlyList<DashboardQuery> Queries
    {
        get
        {
            var queries = new List<DashboardQuery>();
            foreach (var panel in Panels)
            {
                foreach (var target in (panel["targets"]?.AsArray() ?? []).OfType<JsonObject>())
                {
                    if ((string?)target["expr"] is { Length: > 0 } expr)
                    {
                        queries.Add(new DashboardQuery(this, $"panel {panel["id"]} '{panel["title"]}' target {target["refId"]}", expr));
                    }
                }
            }

            foreach (var annotation in Annotations)
            {
                if ((string?)annotation["expr"] is { Length: > 0 } expr)
                {
                    queries.Add(new DashboardQuery(this, $"annotation '{annotation["name"]}'", expr));
                }
            }

            foreach (var variable in Variables.Where(v => (string?)v["type"] == "query"))
            {
                queries.Add(new DashboardQuery(this, $"variable ${variable["name"]}", LabelValuesAsPromQl(VariableQuery(variable))));
            }

            return queries;
        }
    }

    public static string VariableQuery(JsonObject variable)
    {
        ArgumentNullException.ThrowIfNull(variable);
        return variable["query"] switch
        {
            JsonObject query => (string?)query["query"] ?? string.Empty,
            JsonValue value => (string?)value ?? string.Empty,
            _ => string.Empty,
        };
    }

    [GeneratedRegex(@"^\s*label_values\(\s*(?<selector>.+),\s*(?<label>[A-Za-z_][A-Za-z0-9_]*)\s*\)\s*$", RegexOptions.Singleline)]
    private static partial Regex LabelValuesPattern();

    /// <summary>
    /// Grafana's <c>label_values(selector, label)</c> is not PromQL; Grafana answers it from the series matching
    /// the selector, which is what <c>count by (label) (selector)</c> returns.
    /// </summary>
    public static string LabelValuesAsPromQl(string variableQuery)
    {
        var match = LabelValuesPattern().Match(variableQuery);
        return match.Success
            ? $"count by ({match.Groups["label"].Value}) ({match.Groups["selector"].Value})"
            : throw new FormatException($"variable query is not label_values(selector, label): {variableQuery}");
    }

    public static GrafanaDashboard Load(string path) =>
        new(Path.GetFileName(path), JsonNode.Parse(File.ReadAllText(path))?.AsObject()
            ?? throw new FormatException($"{path} is not a JSON object"));

    public override string ToString() => FileName;
}
