using System.Xml.Linq;

namespace QualityWatch.Core.Tests.Architecture;

/// <summary>
/// The project graph as intended: the pure core at the bottom, algorithms on it, edges on those, and no edge
/// reaching sideways for something it only borrows. Reads the .csproj files, so a reference added by hand fails here.
/// </summary>
public sealed class ProjectGraphTests
{
    private static readonly string RepositoryRoot = FindRepositoryRoot();

    /// <summary>
    /// The one exception (ADR 0010): the collector serves the product's metrics, so it builds the meter provider behind
    /// its <c>/metrics</c> endpoint and the <c>metrics.otlp_endpoint</c> push; its instruments are on meters like
    /// everyone else's, and nothing else of the SDK (tracing, instrumentation) enters it.
    /// </summary>
    private static readonly string[] ProductMetricsEndpoint =
    [
        "OpenTelemetry.Extensions.Hosting",
        "OpenTelemetry.Exporter.Prometheus.AspNetCore",
        "OpenTelemetry.Exporter.OpenTelemetryProtocol",
    ];

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

    /// <summary>
    /// Detection's packages, exactly: MathNet.Numerics for the ported detectors, and (ADR 0011) ML.NET's SDCA trainer
    /// with its tokenizer and the o200k_base data for the model-identity fingerprint; no LightGBM or other native trainer.
    /// </summary>
    [Fact]
    public void Detection_TakesOnlyMathNetAndTheMlNetPackagesOfTheModelFingerprint()
    {
        Assert.Equal(
            ["MathNet.Numerics", "Microsoft.ML", "Microsoft.ML.Tokenizers", "Microsoft.ML.Tokenizers.Data.O200kBase"],
            PackageReferences("QualityWatch.Detection").Order(StringComparer.Ordinal));
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

    [Fact]
    public void Libraries_StartActivitiesOnly_TheOpenTelemetrySdkAndExportersBelongToExecutables()
    {
        var libraries = SourceProjects().Where(project => !IsExecutable(project)).ToList();

        Assert.Contains("QualityWatch.Canaries", libraries);
        Assert.Contains("QualityWatch.Simulator", libraries);
        Assert.All(
            libraries.SelectMany(project => PackageReferences(project).Select(package => (Project: project, Package: package)))
                .Where(edge => !(edge.Project == "QualityWatch.Collector" && ProductMetricsEndpoint.Contains(edge.Package))),
            edge => Assert.False(edge.Package.StartsWith("OpenTelemetry", StringComparison.Ordinal), $"{edge.Project} references {edge.Package}; build SDK providers in the host"));
    }

    [Theory]
    [InlineData("QualityWatch.Providers")]
    [InlineData("QualityWatch.Canaries")]
    [InlineData("QualityWatch.Gate")]
    public void ProductionAdapters_DoNotKnowTheSimulator(string project)
    {
        Assert.DoesNotContain("QualityWatch.Simulator", ProjectReferences(project));
    }

    [Fact]
    public void EveryProjectReference_PointsAtAProjectThatExists()
    {
        Assert.All(
            SourceProjects().SelectMany(project => ProjectReferences(project).Select(reference => (Project: project, Reference: reference))),
            edge => Assert.True(File.Exists(ProjectFile(edge.Reference)), $"{edge.Project} references {edge.Reference}, which is not a project under src/"));
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
    public void InternalsVisibleTo_GrantsOnlyTheProjectsOwnTestsAndTheBenchmarks_SaveTheNamedExceptions()
    {
        // The CLI hosts the gate (its verdict and report types stay internal to the two) and `bench ingest` builds OTLP
        // requests with the collector's generated (internal) protobuf types.
        var exceptions = new HashSet<(string Project, string Grantee)> { ("QualityWatch.Gate", "qualitywatch"), ("QualityWatch.Collector", "qualitywatch") };
        var commonGrants = Items(Path.Combine(RepositoryRoot, "Directory.Build.props"), "InternalsVisibleTo");

        Assert.Equal(["$(MSBuildProjectName).Tests"], commonGrants);
        Assert.All(
            SourceProjects().SelectMany(project => Items(ProjectFile(project), "InternalsVisibleTo").Select(grantee => (Project: project, Grantee: grantee))),
            grant => Assert.True(
                grant.Grantee == "QualityWatch.Benchmarks" || exceptions.Contains(grant),
                $"{grant.Project} grants its internals to {grant.Grantee}; only its own tests and the benchmarks may see them"));
    }

    [Fact]
    public void InternalsVisibleTo_NamesOnlyAssembliesThatExist()
    {
        var assemblies = AllProjectFiles()
            .SelectMany(path => new[] { Path.GetFileNameWithoutExtension(path), AssemblyName(path) })
            .OfType<string>()
            .ToHashSet(StringComparer.Ordinal);
        var grants = AllProjectFiles()
            .SelectMany(path => Items(path, "InternalsVisibleTo").Select(name => (File: Path.GetFileName(path), Grantee: name)))
            .ToList();
        // Directory.Build.props grants each source project's internals to its test project only where one exists.
        var commonGrant = XDocument.Load(Path.Combine(RepositoryRoot, "Directory.Build.props")).Descendants("InternalsVisibleTo").Single();
        Assert.Contains("Exists('$(MSBuildThisFileDirectory)tests/$(MSBuildProjectName).Tests')", (string?)commonGrant.Parent?.Attribute("Condition"), StringComparison.Ordinal);

        Assert.NotEmpty(grants);
        Assert.All(grants, grant => Assert.True(assemblies.Contains(grant.Grantee), $"{grant.File} grants its internals to {grant.Grantee}, which no project builds"));
    }

    private static IEnumerable<string> SourceProjects() =>
        Directory.EnumerateDirectories(Path.Combine(RepositoryRoot, "src")).Select(Path.GetFileName).OfType<string>().Where(project => File.Exists(ProjectFile(project)));

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
