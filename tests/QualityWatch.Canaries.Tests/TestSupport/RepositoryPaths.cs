using QualityWatch.TestSupport.Repository;

namespace QualityWatch.Canaries.Tests.TestSupport;

/// <summary>Files shipped in the repository (the golden suites), found from the test's output directory.</summary>
internal static class RepositoryPaths
{
    public static string Root => RepositoryRoot.Path;

    public static string Canaries => RepositoryRoot.Canaries;
}
