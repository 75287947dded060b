using System.CommandLine;

namespace QualityWatch.Cli.Canaries;

/// <summary>Options the canary verbs share.</summary>
internal static class CanaryOptions
{
    public static Option<string[]> Suite() => new("--suite", "-s")
    {
        Description = "A suite file or directory (repeatable); default: the 'canaries' directory.",
        AllowMultipleArgumentsPerToken = false,
    };

    /// <summary>The given paths, or the <c>canaries</c> directory next to the config file, or in the working directory.</summary>
    public static IReadOnlyList<string> SuitePaths(string[]? given, FileInfo? configFile)
    {
        if (given is { Length: > 0 })
        {
            return given;
        }

        if (configFile?.DirectoryName is { } configDirectory && Directory.Exists(Path.Combine(configDirectory, "canaries")))
        {
            return [Path.Combine(configDirectory, "canaries")];
        }

        return [Path.Combine(Directory.GetCurrentDirectory(), "canaries")];
    }
}
