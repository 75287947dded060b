namespace QualityWatch.TestSupport.Repository;

/// <summary>The checkout the tests run from (the folder holding <c>QualityWatch.sln</c>) and the shipped files in it.</summary>
public static class RepositoryRoot
{
    private static readonly Lazy<string> Root = new(Find);

    /// <summary>The repository's root folder.</summary>
    public static string Path => Root.Value;

    /// <summary>The shipped golden suites (<c>canaries/</c>).</summary>
    public static string Canaries => System.IO.Path.Combine(Path, "canaries");

    /// <summary>The shipped Grafana dashboards and Prometheus rules (<c>dashboards/</c>).</summary>
    public static string Dashboards => System.IO.Path.Combine(Path, "dashboards");

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "QualityWatch.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"QualityWatch.sln not found above {AppContext.BaseDirectory}");
    }
}
