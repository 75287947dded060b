using YamlDotNet.RepresentationModel;

namespace QualityWatch.Dashboards.Tests.OtelCollector;

/// <summary>
/// An OpenTelemetry Collector configuration read as YAML: components by kind and the pipelines that use them.
/// </summary>
internal sealed class OtelCollectorConfig
{
    public const string VariantBegin = "# --- BEGIN loadbalancing variant";
    public const string VariantEnd = "# --- END loadbalancing variant";

    private OtelCollectorConfig(YamlMappingNode root) => Root = root;

    public YamlMappingNode Root { get; }

    public static OtelCollectorConfig Parse(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return new OtelCollectorConfig((YamlMappingNode)stream.Documents[0].RootNode);
    }

    /// <summary>
    /// The commented block between the variant markers with its leading "# " removed, the way a user enables it.
    /// </summary>
    public static string UncommentVariant(string fileText)
    {
        ArgumentNullException.ThrowIfNull(fileText);
        var lines = fileText.Split('\n');
        var begin = Array.FindIndex(lines, l => l.StartsWith(VariantBegin, StringComparison.Ordinal));
        var end = Array.FindIndex(lines, l => l.StartsWith(VariantEnd, StringComparison.Ordinal));
        if (begin < 0 || end <= begin)
        {
            throw new FormatException("loadbalancing variant markers not found");
        }

        // Only lines that are commented-out YAML ("# key:" or "#   - item") become configuration; the prose
        // explaining the variant sits above the first such line.
        var block = lines[(begin + 1)..end]
            .SkipWhile(l => !l.StartsWith("# exporters:", StringComparison.Ordinal))
            .Select(l => l == "#" ? string.Empty : l.StartsWith("# ", StringComparison.Ordinal) ? l[2..] : throw new FormatException($"not a commented line: {l}"));
        return string.Join('\n', block);
    }

    public IReadOnlySet<string> ComponentNames(string kind) =>
        Root.Children.TryGetValue(kind, out var node) && node is YamlMappingNode mapping
            ? mapping.Children.Keys.Select(k => ((YamlScalarNode)k).Value!).ToHashSet(StringComparer.Ordinal)
            : new HashSet<string>(StringComparer.Ordinal);

    public YamlMappingNode Component(string kind, string name) => (YamlMappingNode)((YamlMappingNode)Root[kind])[name];

    /// <summary>Pipeline name → component kind (receivers, processors, exporters) → names in order.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, IReadOnlyList<string>>> Pipelines =>
        ((YamlMappingNode)((YamlMappingNode)Root["service"])["pipelines"]).Children.ToDictionary(
            p => ((YamlScalarNode)p.Key).Value!,
            p => (IReadOnlyDictionary<string, IReadOnlyList<string>>)((YamlMappingNode)p.Value).Children.ToDictionary(
                k => ((YamlScalarNode)k.Key).Value!,
                k => (IReadOnlyList<string>)[.. ((YamlSequenceNode)k.Value).Children.Select(n => ((YamlScalarNode)n).Value!)],
                StringComparer.Ordinal),
            StringComparer.Ordinal);

    public IReadOnlyList<string> ServiceExtensions =>
        ((YamlMappingNode)Root["service"]).Children.TryGetValue("extensions", out var node)
            ? [.. ((YamlSequenceNode)node).Children.Select(n => ((YamlScalarNode)n).Value!)]
            : [];

    public static string Scalar(YamlNode node, params string[] path)
    {
        ArgumentNullException.ThrowIfNull(path);
        foreach (var key in path)
        {
            node = ((YamlMappingNode)node)[key];
        }

        return ((YamlScalarNode)node).Value!;
    }
}
