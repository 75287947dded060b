using System.Globalization;
using System.Text;
using Microsoft.Extensions.Configuration;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace QualityWatch.Configuration;

/// <summary>
/// Flattens a YAML document into configuration keys the way the JSON provider does
/// (<c>providers:0:api_key_env</c>), with one difference: snake_case keys are rewritten in PascalCase
/// (<c>Providers:0:ApiKeyEnv</c>) so they bind to options classes and can be overridden by
/// <c>QW__Providers__0__ApiKeyEnv</c> environment variables. With a <see cref="ConfigurationSchema"/>, every key is
/// checked against the options classes as it is read (unknown keys, wrong types: one line with file, line and key), and
/// keys under a dictionary (label names) are kept exactly as written.
/// </summary>
internal sealed class YamlConfigurationProvider(string path, ConfigurationSchema? schema = null) : ConfigurationProvider
{
    private readonly Dictionary<string, YamlKeyLocation> _locations = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The file this provider reads.</summary>
    public string FilePath => path;

    /// <summary>Where each key (configuration path, e.g. <c>Detection:RecoveryChecks</c>) is written in the file.</summary>
    public IReadOnlyDictionary<string, YamlKeyLocation> Locations => _locations;

    public override void Load()
    {
        var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        _locations.Clear();
        var stream = new YamlStream();
        try
        {
            using var reader = new StreamReader(path, Encoding.UTF8);
            stream.Load(reader);
        }
        catch (YamlException ex)
        {
            throw new ConfigurationFileException(
                $"{path}:{ex.Start.Line}:{ex.Start.Column}: invalid YAML: {FirstLine(ex.Message)}", ex);
        }

        if (stream.Documents.Count > 0)
        {
            Visit(stream.Documents[0].RootNode, prefix: null, display: null, node: null, data);
        }

        Data = data;
    }

    internal static string NormaliseKey(string key)
    {
        if (!key.Contains('_', StringComparison.Ordinal) && !key.Contains('-', StringComparison.Ordinal))
        {
            return key.Length > 0 ? char.ToUpperInvariant(key[0]) + key[1..] : key;
        }

        var builder = new StringBuilder(key.Length);
        foreach (var part in key.Split(['_', '-'], StringSplitOptions.RemoveEmptyEntries))
        {
            builder.Append(char.ToUpperInvariant(part[0])).Append(part.AsSpan(1));
        }

        return builder.ToString();
    }

    private void Visit(YamlNode yaml, string? prefix, string? display, SchemaNode? node, Dictionary<string, string?> data)
    {
        switch (yaml)
        {
            case YamlMappingNode mapping:
                foreach (var (keyNode, valueNode) in mapping.Children)
                {
                    string written = ((YamlScalarNode)keyNode).Value ?? string.Empty;
                    string childDisplay = display is null ? written : $"{display}.{written}";

                    // Dictionary keys (label names, header names) are data, not property names: kept as written.
                    var key = node?.HoldsDictionary == true ? written : NormaliseKey(written);
                    var path = prefix is null ? key : ConfigurationPath.Combine(prefix, key);
                    _locations[path] = new YamlKeyLocation(keyNode.Start.Line, keyNode.Start.Column, childDisplay);
                    var child = schema is null ? null : ChildOf(node, prefix, key, keyNode, childDisplay);
                    Visit(valueNode, path, childDisplay, child, data);
                }

                break;
            case YamlSequenceNode sequence:
                if (node is not null && sequence.Children.Count > 0 && node.Child("0") is null)
                {
                    throw Problem(sequence, $"'{display}' expects {(node.Types.Count > 0 ? "a mapping or a value" : "nothing")}, not a list");
                }

                for (int i = 0; i < sequence.Children.Count; i++)
                {
                    var index = i.ToString(CultureInfo.InvariantCulture);
                    var itemPath = prefix is null ? index : ConfigurationPath.Combine(prefix, index);
                    _locations[itemPath] = new YamlKeyLocation(sequence.Children[i].Start.Line, sequence.Children[i].Start.Column, $"{display}[{index}]");
                    Visit(sequence.Children[i], itemPath, $"{display}[{index}]", node?.Child(index), data);
                }

                break;
            case YamlScalarNode scalar when prefix is not null:
                // YAML null (~, null, empty) leaves the key unset so option defaults apply.
                var isNull = scalar.Style == ScalarStyle.Plain && scalar.Value is null or "" or "~" or "null";
                if (!isNull && node?.CheckScalar(scalar.Value) is { } wrong)
                {
                    throw Problem(scalar, $"'{display}': {wrong}");
                }

                data[prefix] = isNull ? null : scalar.Value;
                break;
        }
    }

    /// <summary>The schema node of a child key; an unknown key stops loading with a "did you mean" when one is close.</summary>
    private SchemaNode ChildOf(SchemaNode? parent, string? prefix, string key, YamlNode keyNode, string display)
    {
        string path = prefix is null ? key : ConfigurationPath.Combine(prefix, key);
        if (SchemaNode.Resolve(schema!, parent, path, key) is { } child)
        {
            return child;
        }

        var known = prefix is null || parent is not null ? SchemaNode.KnownKeysUnder(schema!, parent) : [];
        string written = display[(display.LastIndexOf('.') + 1)..];
        string? closest = KeySuggestion.Closest(written, known, KeySuggestion.SnakeCaseForm);
        throw Problem(keyNode, $"unknown key '{display}'" + (closest is null ? string.Empty : $" (did you mean '{closest}'?)"));
    }

    private ConfigurationFileException Problem(YamlNode at, string message) =>
        new($"{path}:{at.Start.Line}:{at.Start.Column}: {message}");

    private static string FirstLine(string message)
    {
        var index = message.IndexOf('\n', StringComparison.Ordinal);
        return index < 0 ? message : message[..index];
    }
}
