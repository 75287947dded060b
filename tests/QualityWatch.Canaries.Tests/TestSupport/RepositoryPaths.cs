namespace QualityWatch.Canaries.Tests.TestSupport;

/// <summary>Finds files shipped in the repository (the golden suites) from the test's output directory.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string Canaries => Path.Combine(Root, "canaries");

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "QualityWatch.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("QualityWatch.sln not found above " + AppContext.BaseDirectory);
    }
}
