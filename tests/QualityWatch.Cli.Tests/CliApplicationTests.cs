namespace QualityWatch.Cli.Tests;

public sealed class CliApplicationTests
{
    private static async Task<(int ExitCode, string Out, string Error)> RunAsync(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exitCode = await CliApplication.RunAsync(args, new CliConsole(stdout, stderr), CancellationToken.None);
        return (exitCode, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task Help_ListsEveryVerb()
    {
        var (exitCode, output, _) = await RunAsync("--help");

        Assert.Equal(ExitCodes.Success, exitCode);
        foreach (var verb in new[] { "demo", "serve", "canary", "gate", "detect", "simulate", "bench" })
        {
            Assert.Contains($"  {verb} ", output, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("demo")]
    [InlineData("serve")]
    [InlineData("canary", "run")]
    [InlineData("gate")]
    [InlineData("detect")]
    [InlineData("simulate")]
    [InlineData("bench")]
    public async Task EveryVerb_HasHelp(params string[] verb)
    {
        var (exitCode, output, _) = await RunAsync([.. verb, "--help"]);

        Assert.Equal(ExitCodes.Success, exitCode);
        Assert.Contains("Usage:", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownFlag_ExitsTwoWithOneLineNamingIt()
    {
        var (exitCode, _, error) = await RunAsync("--no-such-flag");

        Assert.Equal(ExitCodes.UsageError, exitCode);
        Assert.Contains("--no-such-flag", error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd().Split('\n'));
    }

    [Theory]
    [InlineData("--rounds", "0")]
    [InlineData("--rounds", "21")]
    [InlineData("--seconds", "0")]
    [InlineData("--warmup", "-1")]
    public async Task BenchIngest_OutOfRangeOption_ExitsTwoWithOneLineNamingTheRanges(string option, string value)
    {
        var (exitCode, output, error) = await RunAsync("bench", "ingest", option, value);

        Assert.Equal(ExitCodes.UsageError, exitCode);
        Assert.Contains("--rounds 1..20", error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.Empty(output);
    }

    [Fact]
    public void CliException_KeepsItsExitCode()
    {
        Assert.Equal(ExitCodes.UsageError, CliException.Usage("x").ExitCode);
        Assert.Equal(ExitCodes.Unavailable, CliException.Unavailable("x").ExitCode);
    }
}
