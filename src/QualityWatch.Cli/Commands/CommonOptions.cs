using System.CommandLine;
using Microsoft.Extensions.Configuration;
using QualityWatch.Configuration;

namespace QualityWatch.Cli.Commands;

/// <summary>Options shared by several verbs, defined once so they read the same everywhere.</summary>
internal static class CommonOptions
{
    public static Option<FileInfo?> Config(bool required = false) => new("--config", "-c")
    {
        Description = "Path to qualitywatch.yaml (QW__Section__Key environment variables override it).",
        Required = required,
    };

    /// <summary>Loads the configuration named by <paramref name="file"/>; a missing or malformed file, an unknown key or
    /// a value of the wrong type is a usage error.</summary>
    public static IConfigurationRoot LoadConfiguration(FileInfo? file) => QualityWatchConfiguration.Load(file?.FullName, ProductConfigurationSchema.Create());
}
