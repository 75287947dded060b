namespace QualityWatch.Cli.Tests.Simulate;

public sealed class SimulateCommandTests
{
    [Theory]
    [InlineData("--scenario", "no-such-scenario", "no-such-scenario")]
    [InlineData("--port", "70000", "port")]
    public async Task Simulate_BadArgument_ExitsTwoWithOneLineNamingIt(string option, string value, string named)
    {
        var stderr = new StringWriter();

        var exitCode = await CliApplication.RunAsync(["simulate", option, value], new CliConsole(new StringWriter(), stderr), CancellationToken.None);

        Assert.Equal(ExitCodes.UsageError, exitCode);
        Assert.Contains(named, stderr.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.Single(stderr.ToString().TrimEnd().Split('\n'));
    }

    [Fact]
    public async Task SimulateHelp_ListsTheScenarios()
    {
        var stdout = new StringWriter();

        var exitCode = await CliApplication.RunAsync(["simulate", "--help"], new CliConsole(stdout, new StringWriter()), CancellationToken.None);

        Assert.Equal(ExitCodes.Success, exitCode);
        foreach (var scenario in new[] { "routing-bug", "output-corruption", "topk-miscompile", "latency-drift" })
        {
            Assert.Contains(scenario, stdout.ToString(), StringComparison.Ordinal);
        }
    }
}
