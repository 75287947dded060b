using Microsoft.Extensions.Configuration;

namespace QualityWatch.Configuration;

/// <summary>
/// Builds the product's configuration: <c>qualitywatch.yaml</c>, then <c>QW__Section__Key</c> environment
/// variables on top (the ASP.NET Core convention with the <c>QW__</c> prefix).
/// </summary>
public static class QualityWatchConfiguration
{
    /// <summary>The environment variable prefix for overrides.</summary>
    public const string EnvironmentPrefix = "QW__";

    /// <summary>Loads configuration from <paramref name="path"/> (required when given) plus environment overrides.</summary>
    /// <exception cref="ConfigurationFileException">The file is missing or not valid YAML.</exception>
    public static IConfigurationRoot Load(string? path) => Load(path, schema: null);

    /// <summary>Loads configuration, checking the file and the <c>QW__</c> environment variables against
    /// <paramref name="schema"/>: unknown keys, wrong types and values its checks refuse throw
    /// <see cref="ConfigurationFileException"/> with one line naming the file, line and key, or the variable.</summary>
    public static IConfigurationRoot Load(string? path, ConfigurationSchema? schema)
    {
        var builder = new ConfigurationBuilder();
        AddQualityWatchSources(builder, path, schema);
        var root = builder.Build();
        if (schema is not null)
        {
            EnvironmentOverrides.Check(schema, Environment.GetEnvironmentVariables());
            ValueChecks.Run(root, schema);
        }

        return root;
    }

    /// <summary>Adds the YAML file (when given) and the environment overrides to an existing builder.</summary>
    public static IConfigurationBuilder AddQualityWatchSources(IConfigurationBuilder builder, string? path, ConfigurationSchema? schema = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (path is not null)
        {
            var fullPath = Path.GetFullPath(path);
            if (!File.Exists(fullPath))
            {
                throw new ConfigurationFileException($"configuration file not found: {path}");
            }

            builder.Add(new YamlConfigurationSource(fullPath, schema));
        }

        return builder.AddEnvironmentVariables(EnvironmentPrefix);
    }
}
