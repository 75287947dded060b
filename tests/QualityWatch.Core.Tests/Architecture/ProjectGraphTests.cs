using System.Xml.Linq;

namespace QualityWatch.Core.Tests.Architecture;

/// <summary>
/// The project graph as intended: the pure core at the bottom, algorithms on it, edges on those, and no edge
/// reaching sideways for something it only borrows. Reads the .csproj files, so a reference added by hand fails here.
/// </summary>
public sealed class ProjectGraphTests
{
    private static readonly string RepositoryRoot = FindRepositoryRoot();

    [Fact]
    public void Core_ReferencesNoProjectAndNoPackage()
    {
        Assert.Empty(ProjectReferences("QualityWatch.Core"));
        Assert.Empty(PackageReferences("QualityWatch.Core"));
        Assert.Empty(FrameworkReferences("QualityWatch.Core"));
    }

    [Fact]
    public void Detection_ReferencesOnlyCore()
    {
        Assert.Equal(new[] { "QualityWatch.Core" }, ProjectReferences("QualityWatch.Detection"));
        Assert.Empty(FrameworkReferences("QualityWatch.Detection"));
    }

    [Theory]
    [InlineData("QualityWatch.Canaries")]
    [InlineData("QualityWatch.Gate")]
    public void CanariesAndGate_DoNotReferenceDetection(string project)
    {
        Assert.DoesNotContain("QualityWatch.Detection", ProjectReferences(project));
    }

    [Fact]
    public void Alerts_DoNotReferenceStorage_WhichImplementsTheAlertStoreCoreDefines()
    {
        Assert.DoesNotContain("QualityWatch.Storage", ProjectReferences("QualityWatch.Alerts"));
        Assert.DoesNotContain("QualityWatch.Alerts", ProjectReferences("QualityWatch.Storage"));
    }

    [Theory]
    [InlineData("QualityWatch.Alerts")]
    [InlineData("QualityWatch.Detection")]
    public void Collector_DoesNotReferenceAlertsOrDetection(string project)
    {
        Assert.DoesNotContain(project, ProjectReferences("QualityWatch.Collector"));
    }

    [Fact]
    public void Cli_ReferencesTheCollectorLibrary_NotAnExecutable()
    {
        var references = ProjectReferences("QualityWatch.Cli");

        Assert.Contains("QualityWatch.Collector", references);
        Assert.All(references, reference => Assert.False(IsExecutable(reference), $"the CLI references {reference}, an executable"));
    }

    [Fact]
    public void SourceProjects_ReferenceOnlyLibraries_SoEveryHostIsAThinExecutableOverThem()
    {
        var sources = Directory.EnumerateDirectories(Path.Combine(RepositoryRoot, "src")).Select(Path.GetFileName).OfType<string>();

        Assert.All(
            sources.SelectMany(project => ProjectReferences(project).Select(reference => (Project: project, Reference: reference))),
            edge => Assert.False(IsExecutable(edge.Reference), $"{edge.Project} references {edge.Reference}, an executable"));
        Assert.False(IsExecutable("QualityWatch.Collector"), "the collector is a library; QualityWatch.Collector.Host is its executable");
        Assert.True(IsExecutable("QualityWatch.Collector.Host"));
    }

    [Fact]
    public void InternalsVisibleTo_NamesOnlyAssembliesThatExist()
    {
        var assemblies = AllProjectFiles()
            .SelectMany(path => new[] { Path.GetFileNameWithoutExtension(path), AssemblyName(path) })
            .OfType<string>()
            .ToHashSet(StringComparer.Ordinal);
        var grants = AllProjectFiles()
            .Append(Path.Combine(RepositoryRoot, "Directory.Build.props"))
            .SelectMany(path => Items(path, "InternalsVisibleTo").Select(name => (File: Path.GetFileName(path), Grantee: name)))
            .Select(grant => (grant.File, Grantee: grant.Grantee.Replace("$(MSBuildProjectName)", "QualityWatch.Core", StringComparison.Ordinal)))
            .ToList();

        Assert.NotEmpty(grants);
        Assert.All(grants, grant => Assert.True(assemblies.Contains(grant.Grantee), $"{grant.File} grants its internals to {grant.Grantee}, which no project builds"));
    }

    private static List<string> ProjectReferences(string project) =>
        Items(ProjectFile(project), "ProjectReference").Select(include => Path.GetFileNameWithoutExtension(include.Replace('\\', '/'))).Order(StringComparer.Ordinal).ToList();

    private static List<string> PackageReferences(string project) => Items(ProjectFile(project), "PackageReference");

    private static List<string> FrameworkReferences(string project) => Items(ProjectFile(project), "FrameworkReference");

    private static List<string> Items(string path, string itemType) =>
        XDocument.Load(path).Descendants(itemType).Select(item => (string?)item.Attribute("Include")).OfType<string>().ToList();

    private static bool IsExecutable(string project) =>
        XDocument.Load(ProjectFile(project)).Descendants("OutputType").Any(element => element.Value.Equals("Exe", StringComparison.OrdinalIgnoreCase));

    private static string? AssemblyName(string path) => XDocument.Load(path).Descendants("AssemblyName").Select(element => element.Value).FirstOrDefault();

    private static string ProjectFile(string project) => Path.Combine(RepositoryRoot, "src", project, project + ".csproj");

    private static IEnumerable<string> AllProjectFiles() =>
        new[] { "src", "tests" }.SelectMany(folder => Directory.EnumerateFiles(Path.Combine(RepositoryRoot, folder), "*.csproj", SearchOption.AllDirectories));

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "QualityWatch.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"no QualityWatch.sln above {AppContext.BaseDirectory}");
    }
}
