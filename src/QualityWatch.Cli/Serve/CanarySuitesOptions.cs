namespace QualityWatch.Cli.Serve;

/// <summary>Where <c>serve</c> finds its golden suites: <c>canaries.suites</c> (files or directories).</summary>
internal sealed class CanarySuitesOptions
{
    public const string SectionName = "Canaries";

    /// <summary>Suite files or directories; relative paths are taken from the working directory.</summary>
    public List<string> Suites { get; set; } = ["canaries"];
}
