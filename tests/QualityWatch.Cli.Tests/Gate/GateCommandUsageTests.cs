
namespace QualityWatch.Cli.Tests.Gate;

/// <summary>Bad input never spends a call: exit 2 with one line on stderr and no stack trace.</summary>
public sealed class GateCommandUsageTests : IDisposable
{
    private const string Config = """
        providers:
          - name: base
            kind: openai
            base_url: http://127.0.0.1:9/v1
            model: gpt-4.1
          - name: cand
            kind: openai
            base_url: http://127.0.0.1:9/v1
            model: gpt-4.1
        """;

    private const string Suite = """
        suite: tiny
        category: arithmetic
        cases:
          - id: one
            prompt: "What is 1 + 1? Reply with the number only."
            expect: { equals: "2" }
        """;

    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    private async Task<string> AssertUsageErrorAsync(params string[] args)
    {
        var (exitCode, _, error) = await CliProcess.RunAsync(temp.Path, args);

        Assert.Equal(2, exitCode);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
        return error;
    }

    private string[] Valid(params string[] extra) =>
        ["gate", "--config", temp.Write("qualitywatch.yaml", Config), "--candidate", "cand", "--suite", temp.Write("tiny.yaml", Suite), .. extra];

    [Fact]
    public async Task Gate_WithoutBaseline_NamesBothWaysToGiveOne()
    {
        var error = await AssertUsageErrorAsync(Valid());

        Assert.Contains("--baseline PROVIDER or --baseline-report FILE", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gate_WithBothBaselines_IsRejected()
    {
        var error = await AssertUsageErrorAsync(Valid("--baseline", "base", "--baseline-report", temp.Write("r.json", "{}")));

        Assert.Contains("not both", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--max-drop", "1.5", "--max-drop must be in (0, 1)")]
    [InlineData("--alpha", "0", "--alpha must be in (0, 0.5)")]
    [InlineData("--min-pass-rate", "-0.1", "--min-pass-rate must be in [0, 1]")]
    [InlineData("--max-calls", "0", "--max-calls must be in >= 1")]
    public async Task Gate_ThresholdOutOfRange_NamesTheFlagAndRange(string flag, string value, string expected)
    {
        var error = await AssertUsageErrorAsync(Valid("--baseline", "base", flag, value));

        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gate_UnknownCandidate_ListsConfiguredProviders()
    {
        var args = Valid("--baseline", "base");
        args[4] = "nope";

        var error = await AssertUsageErrorAsync(args);

        Assert.Contains("--candidate 'nope' is not a configured provider (configured: base, cand)", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gate_BaselineReportNotAReport_IsAUsageError()
    {
        var error = await AssertUsageErrorAsync(Valid("--baseline-report", temp.Write("old.json", "[1, 2")));

        Assert.Contains("is not a gate report", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gate_MissingConfig_IsAUsageError()
    {
        var error = await AssertUsageErrorAsync("gate", "--config", temp.File("absent.yaml"), "--candidate", "cand", "--baseline", "base");

        Assert.Contains("not found", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gate_JUnitIntoMissingDirectory_FailsBeforeAnyCall()
    {
        var error = await AssertUsageErrorAsync(Valid("--baseline", "base", "--junit", Path.Combine(temp.Path, "no", "such", "junit.xml")));

        Assert.Contains("--junit: directory", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gate_BrokenSuiteFile_IsAUsageErrorNotASkippedSuite()
    {
        var args = Valid("--baseline", "base");
        args[6] = temp.Write("broken.yaml", "suite: broken\ncases: []\n");

        var error = await AssertUsageErrorAsync(args);

        Assert.Contains("suite problem: ", error, StringComparison.Ordinal);
        Assert.Contains("broken.yaml", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gate_MissingCandidateFlag_IsAParseError()
    {
        await AssertUsageErrorAsync("gate", "--config", temp.Write("qualitywatch.yaml", Config), "--baseline", "base");
    }
}
