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
/// <c>QW__Providers__0__ApiKeyEnv</c> environment variables.
/// </summary>
internal sealed class YamlConfigurationProvider(string path) : ConfigurationProvider
{
    public override void Load()
    {
        var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
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
            Visit(stream.Documents[0].RootNode, prefix: null, data);
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

    private static void Visit(YamlNode node, string? prefix, Dictionary<string, string?> data)
    {
        switch (node)
        {
            case YamlMappingNode mapping:
                foreach (var (keyNode, valueNode) in mapping.Children)
                {
                    var key = NormaliseKey(((YamlScalarNode)keyNode).Value ?? string.Empty);
                    Visit(valueNode, prefix is null ? key : ConfigurationPath.Combine(prefix, key), data);
                }

                break;
            case YamlSequenceNode sequence:
                for (int i = 0; i < sequence.Children.Count; i++)
                {
                    var index = i.ToString(CultureInfo.InvariantCulture);
                    Visit(sequence.Children[i], prefix is null ? index : ConfigurationPath.Combine(prefix, index), data);
                }

                break;
            case YamlScalarNode scalar when prefix is not null:
                // YAML null (~, null, empty) leaves the key unset so option defaults apply.
                var isNull = scalar.Style == ScalarStyle.Plain && scalar.Value is null or "" or "~" or "null";
                data[prefix] = isNull ? null : scalar.Value;
                break;
        }
    }

    private static string FirstLine(string message)
    {
        var index = message.IndexOf('\n', StringComparison.Ordinal);
        return index < 0 ? message : message[..index];
    }
}
