using QualityWatch.Canaries.Suites;

namespace QualityWatch.Cli.Demo;

/// <summary>Where the demo finds the shipped suites, and which of their cases it sends each round.</summary>
internal static class DemoSuites
{
    /// <summary>The repository's <c>canaries/</c> directory above the working or application directory; null when none.</summary>
    public static string? FindCanariesDirectory()
    {
        foreach (var root in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var directory = new DirectoryInfo(root); directory is not null; directory = directory.Parent)
            {
                var candidate = Path.Combine(directory.FullName, "canaries");
                if (Directory.Exists(candidate) && Directory.EnumerateFiles(candidate, "*.yaml").Any())
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    /// <summary>
    /// The same cases every round, spread evenly over every suite: a fixed panel keeps each suite's latency and
    /// difficulty mix stable from round to round, as a full suite run does in production. Long-context retrieval gets
    /// a larger share: it is where misrouting to a wrong context-window pool shows first.
    /// </summary>
    public static IReadOnlyList<CanarySuite> Panel(IReadOnlyList<CanarySuite> suites, int count)
    {
        var perSuite = Math.Max(1, count / Math.Max(1, suites.Count + 2));
        return suites.Select(s =>
        {
            var take = s.Category == "long-context" ? perSuite * 3 : perSuite;
            var stride = Math.Max(1, s.Cases.Count / take);
            return s with { Cases = s.Cases.Where((_, i) => i % stride == 0).Take(take).ToList() };
        }).ToList();
    }
}
