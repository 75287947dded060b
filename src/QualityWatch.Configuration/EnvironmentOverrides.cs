using System.Collections;
using System.Globalization;

namespace QualityWatch.Configuration;

/// <summary>
/// Checks <c>QW__Section__Key</c> environment variables against the schema the way the file is checked: a variable
/// naming no known key (<c>QW__Detection__RecovryChecks</c>) or holding a value of the wrong type stops start-up with one
/// line naming the variable — an override that silently does nothing is the same trap as a misspelt file key.
/// </summary>
internal static class EnvironmentOverrides
{
    /// <summary>Throws <see cref="ConfigurationFileException"/> for the first overriding variable (in name order) that
    /// the schema does not know or whose value does not fit.</summary>
    public static void Check(ConfigurationSchema schema, IDictionary variables)
    {
        var overrides = variables.Keys.OfType<string>()
            .Where(name => name.StartsWith(QualityWatchConfiguration.EnvironmentPrefix, StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal);
        foreach (var name in overrides)
        {
            var key = name[QualityWatchConfiguration.EnvironmentPrefix.Length..].Replace("__", ":", StringComparison.Ordinal);
            var node = Walk(schema, name, key);
            if (node.CheckScalar(variables[name] as string) is { } wrong)
            {
                throw new ConfigurationFileException($"environment variable {name}: {wrong}");
            }
        }
    }

    private static SchemaNode Walk(ConfigurationSchema schema, string name, string key)
    {
        SchemaNode? node = null;
        string? path = null;
        foreach (var segment in key.Split(':'))
        {
            path = path is null ? segment : $"{path}:{segment}";
            var child = SchemaNode.Resolve(schema, node, path, segment);
            if (child is null)
            {
                var known = SchemaNode.KnownKeysUnder(schema, node).Select(YamlConfigurationProvider.NormaliseKey);
                var closest = KeySuggestion.Closest(segment, known, KeySuggestion.PropertyForm);
                throw new ConfigurationFileException(string.Create(CultureInfo.InvariantCulture,
                    $"environment variable {name}: unknown key '{path}'{(closest is null ? string.Empty : $" (did you mean '{closest}'?)")}"));
            }

            node = child;
        }

        return node!;
    }
}
