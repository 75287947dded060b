namespace QualityWatch.Collector.Tests.Support;

/// <summary>Finds files of the source tree from the test's bin folder.</summary>
internal static class RepositoryPaths
{
    public static string Root
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "QualityWatch.sln")))
            {
                directory = directory.Parent;
            }

            return directory?.FullName ?? throw new InvalidOperationException("QualityWatch.sln not found above " + AppContext.BaseDirectory);
        }
    }

    public static string Of(string relative) => Path.Combine(Root, relative);
}
