using QualityWatch.Cli.Simulate;
using QualityWatch.Configuration;

namespace QualityWatch.Cli.Tests.Simulate;

public sealed class SimulateSettingsTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("qw-simulate-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Build_AConfigFileWithScenarios_KeepsThemAndTheirParameters()
    {
        var configuration = Load("""
            simulator:
              seed: 7
              scenarios:
                - name: routing-bug
                  model: claude-sonnet-4
                  start_after: "02:00:00"
                  parameters: { StartShare: 0.2, EndShare: 0.5 }
            """);

        var options = SimulateSettings.Build(configuration, scenarios: null, port: null, speed: null, seed: null, latencyScale: null);

        var scenario = Assert.Single(options.Scenarios);
        Assert.Equal("routing-bug", scenario.Name);
        Assert.Equal("claude-sonnet-4", scenario.Model);
        Assert.Equal(TimeSpan.FromHours(2), scenario.StartAfter);
        Assert.Equal(0.5, scenario.Parameter("EndShare", 0));
        Assert.Equal(7, options.Seed);
        Assert.Equal(SimulateSettings.DefaultPort, options.Port);
    }

    [Fact]
    public void Build_FlagsGivenOnTheCommandLine_WinOverTheFile()
    {
        var configuration = Load("simulator:\n  port: 9000\n  seed: 7\n  scenarios:\n    - name: routing-bug\n");

        var options = SimulateSettings.Build(configuration, scenarios: "output-corruption:claude-sonnet-4", port: 0, speed: null, seed: 3, latencyScale: null);

        Assert.Equal("output-corruption", Assert.Single(options.Scenarios).Name);
        Assert.Equal(0, options.Port);
        Assert.Equal(3, options.Seed);
    }

    [Fact]
    public void Build_NoFileAndNoFlags_IsHealthyOnTheDefaultPort()
    {
        var options = SimulateSettings.Build(null, null, null, null, null, null);

        Assert.Empty(options.Scenarios);
        Assert.Equal(SimulateSettings.DefaultPort, options.Port);
        Assert.Equal(42, options.Seed);
    }

    private Microsoft.Extensions.Configuration.IConfigurationRoot Load(string yaml)
    {
        var path = Path.Combine(_directory, "qualitywatch.yaml");
        File.WriteAllText(path, yaml);
        return QualityWatchConfiguration.Load(path, QualityWatch.Cli.Commands.ProductConfigurationSchema.Create());
    }
}
