using QualityWatch.Cli.Commands;
using QualityWatch.Configuration;

namespace QualityWatch.Cli.Tests.Commands;

public sealed class ProductConfigurationSchemaTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("qw-product-schema-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void LoadConfiguration_TheShippedSample_IsValidAgainstEveryOptionsClass()
    {
        var configuration = CommonOptions.LoadConfiguration(new FileInfo(SampleConfiguration()));

        Assert.NotEmpty(configuration.GetChildren());
    }

    [Fact]
    public void LoadConfiguration_TheShippedSampleWithOneKeyMisspelt_NamesTheLineAndTheKey()
    {
        var lines = File.ReadAllLines(SampleConfiguration());
        int index = Array.FindIndex(lines, l => l.TrimStart().StartsWith("http_port:", StringComparison.Ordinal));
        lines[index] = lines[index].Replace("http_port:", "http_prot:", StringComparison.Ordinal);
        var path = Path.Combine(_directory, "qualitywatch.yaml");
        File.WriteAllLines(path, lines);

        var error = Assert.Throws<ConfigurationFileException>(() => CommonOptions.LoadConfiguration(new FileInfo(path)));

        Assert.StartsWith($"{path}:{index + 1}:", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("unknown key 'collector.http_prot' (did you mean 'http_port'?)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gate_WithAMisspeltKey_ExitsTwoWithOneLine()
    {
        var path = Path.Combine(_directory, "bad.yaml");
        await File.WriteAllTextAsync(path, "gate:\n  max_dorp: 0.03\n");
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        int exitCode = await CliApplication.RunAsync(["gate", "--config", path, "--baseline", "a", "--candidate", "b"], new CliConsole(stdout, stderr), CancellationToken.None);

        Assert.Equal(2, exitCode);
        Assert.Contains("unknown key 'gate.max_dorp' (did you mean 'max_drop'?)", stderr.ToString(), StringComparison.Ordinal);
        Assert.Single(stderr.ToString().TrimEnd('\n').Split('\n'));
    }

    private static string SampleConfiguration() => Serve.ServeCommandTests.SampleConfiguration();
}
