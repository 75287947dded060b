using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.EnvironmentVariables;

namespace QualityWatch.Configuration;

/// <summary>
/// Runs the schema's value checks on loaded configuration and turns the first failure into one line that says where
/// the offending key was set: <c>qualitywatch.yaml:12:3: 'detection.recovery_checks': … must be in [1, 10000]</c>, or
/// <c>environment variable QW__Detection__RecoveryChecks: …</c>. The key is the property the validation named
/// (<see cref="ArgumentException.ParamName"/>), else the set key whose name appears first in its message.
/// </summary>
internal static class ValueChecks
{
    public static void Run(IConfigurationRoot root, ConfigurationSchema schema)
    {
        foreach (var check in schema.Checks)
        {
            var section = root.GetSection(check.Section);
            var targets = check.EachChild ? section.GetChildren() : [section];
            foreach (var target in targets)
            {
                if (check.Run(target) is { } problem)
                {
                    throw new ConfigurationFileException(Describe(root, target, check.OptionsType, problem), problem);
                }
            }
        }
    }

    private static string Describe(IConfigurationRoot root, IConfigurationSection target, Type optionsType, Exception problem)
    {
        string message = Message(problem);
        string? key = NamedKey(target, optionsType, problem) ?? MentionedKey(target, message);
        foreach (var provider in root.Providers.Reverse())
        {
            switch (provider)
            {
                case YamlConfigurationProvider yaml when key is not null && yaml.TryGet(key, out _) && yaml.Locations.TryGetValue(key, out var at):
                    return string.Create(CultureInfo.InvariantCulture, $"{yaml.FilePath}:{at.Line}:{at.Column}: '{at.Display}': {message}");
                case EnvironmentVariablesConfigurationProvider when key is not null && provider.TryGet(key, out _):
                    return $"environment variable {QualityWatchConfiguration.EnvironmentPrefix}{key.Replace(":", "__", StringComparison.Ordinal)}: {message}";
            }
        }

        // Not set anywhere (a default that conflicts with a set value): the section's place in the file, if any.
        var file = root.Providers.OfType<YamlConfigurationProvider>().FirstOrDefault();
        return file is not null && file.Locations.TryGetValue(target.Path, out var section)
            ? string.Create(CultureInfo.InvariantCulture, $"{file.FilePath}:{section.Line}:{section.Column}: '{section.Display}': {message}")
            : $"{file?.FilePath ?? "configuration"}: {message}";
    }

    /// <summary>The exception's message on one line, without the "(Parameter 'x')" and "Actual value was" parts.</summary>
    private static string Message(Exception problem)
    {
        string message = problem.Message;
        if (problem is ArgumentException { ParamName: { } parameter })
        {
            message = message.Replace($" (Parameter '{parameter}')", string.Empty, StringComparison.Ordinal);
        }

        var lines = message.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.Length == 0 ? problem.GetType().Name : lines[0];
    }

    private static string? NamedKey(IConfigurationSection target, Type optionsType, Exception problem) =>
        problem is ArgumentException { ParamName: { } parameter }
        && optionsType.GetProperty(parameter, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase) is { } property
            ? ConfigurationPath.Combine(target.Path, property.Name)
            : null;

    /// <summary>The set key under <paramref name="target"/> whose name (PascalCase, snake_case or kebab-case) appears
    /// first in <paramref name="message"/>.</summary>
    private static string? MentionedKey(IConfigurationSection target, string message)
    {
        (string Key, int At)? best = null;
        foreach (var (relative, value) in target.AsEnumerable(makePathsRelative: true))
        {
            if (value is null || relative.Length == 0)
            {
                continue;
            }

            var name = relative.Split(':').Last(s => !int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out _));
            string snake = SchemaNode.SnakeCase(name);
            foreach (var form in new[] { name, snake, snake.Replace('_', '-') })
            {
                int at = IndexOfWord(message, form);
                if (at >= 0 && (best is null || at < best.Value.At))
                {
                    best = (ConfigurationPath.Combine(target.Path, relative), at);
                }
            }
        }

        return best?.Key;
    }

    private static int IndexOfWord(string text, string word)
    {
        for (int at = text.IndexOf(word, StringComparison.OrdinalIgnoreCase); at >= 0; at = text.IndexOf(word, at + 1, StringComparison.OrdinalIgnoreCase))
        {
            bool startsWord = at == 0 || !IsNamePart(text[at - 1]);
            bool endsWord = at + word.Length == text.Length || !IsNamePart(text[at + word.Length]);
            if (startsWord && endsWord)
            {
                return at;
            }
        }

        return -1;
    }

    private static bool IsNamePart(char c) => char.IsLetterOrDigit(c) || c is '_' or '-';
}
