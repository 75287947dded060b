using System.Text.RegularExpressions;

namespace QualityWatch.Cli.Tests.Demo;

/// <summary>
/// Runs the real demo end to end — simulator, canary runner over the real adapters, collector with SQLite, detection
/// and alerts — and checks its verdict against the faults it injected. This is the README's first command.
/// </summary>
public sealed partial class DemoCommandTests : IDisposable
{
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("qw-demo-test-").FullName;

    public void Dispose() => Directory.Delete(_dataDirectory, recursive: true);

    [Fact]
    public async Task Demo_August2025Scenario_RaisesOneIncidentPerInjectedFaultKeptOpenWhileItRunsAndNoneOnTheHealthyProvider()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        var exitCode = await CliApplication.RunAsync(["demo", "--data-dir", _dataDirectory], new CliConsole(stdout, stderr), CancellationToken.None);

        var output = stdout.ToString();
        Assert.True(exitCode == ExitCodes.Success, $"demo exited {exitCode}\n{output}\n{stderr}");
        Assert.Contains("RESULT: every injected fault was detected by exactly one incident that stayed open while the fault ran, and the healthy provider raised no alarm.", output, StringComparison.Ordinal);
        foreach (var fault in new[] { "routing-bug", "output-corruption", "topk-miscompile", "latency-drift" })
        {
            Assert.Contains($"injecting   {fault}", output, StringComparison.Ordinal);
        }

        Assert.Contains("no alarm (correct)", output, StringComparison.Ordinal);

        // The admin key for the review page is random and printed once, in the header.
        var adminKey = AdminKeyLine().Match(output);
        Assert.True(adminKey.Success, output);
        Assert.Single(output.Split('\n'), line => line.Contains(adminKey.Groups["key"].Value, StringComparison.Ordinal));

        // What the canaries cost, per provider: every provider made calls and each paid something at the demo's prices,
        // and no provider's calls per day grew beyond its schedule, adaptive bursts included (issue #18).
        foreach (var provider in new[] { "anthropic-sonnet", "anthropic-opus", "anthropic-haiku", "openai-prod", "gemini-prod" })
        {
            var row = Regex.Match(output, $@"│ {provider} +│ [1-9][0-9,]* +│ (?<perDay>[1-9][0-9,]*) +│ (?<scheduled>[1-9][0-9,]*) +│ \$[0-9]+\.[0-9]{{4}} +│ (?<detections>[0-9]+) +│");
            Assert.True(row.Success, $"no spend row for {provider}\n{output}");
            Assert.True(Number(row, "perDay") <= Number(row, "scheduled"), $"{provider}: {row.Groups["perDay"].Value} calls per day, schedule {row.Groups["scheduled"].Value}");
            Assert.Equal(provider == "gemini-prod" ? "0" : "1", row.Groups["detections"].Value);
        }

        Assert.Contains("Canary calls per day within the schedule on every provider, adaptive bursts included.", output, StringComparison.Ordinal);

        Assert.Contains("│ all providers ", output, StringComparison.Ordinal);

        // Faults still running at +48 h (all but the output corruption) have their incident open at the end.
        Assert.Contains("Open incidents at the end: 3.", output, StringComparison.Ordinal);

        // Each alert line names what it is about well enough to tell it from the others (canary suites included).
        var alertHeads = output.Split('\n').Where(l => l.Contains("  ALERT ", StringComparison.Ordinal)).Select(l => l[..l.IndexOf(": ", StringComparison.Ordinal)]).ToList();
        Assert.NotEmpty(alertHeads);
        Assert.Equal(alertHeads.Distinct().Count(), alertHeads.Count);
        Assert.True(File.Exists(Path.Combine(_dataDirectory, "qualitywatch.db")), "the demo stores everything in SQLite");
        Assert.Equal(string.Empty, stderr.ToString());
    }

    [Fact]
    public async Task Demo_HoursOutOfRange_ExitsTwoWithOneLine()
    {
        var stderr = new StringWriter();

        var exitCode = await CliApplication.RunAsync(["demo", "--hours", "1"], new CliConsole(new StringWriter(), stderr), CancellationToken.None);

        Assert.Equal(ExitCodes.UsageError, exitCode);
        Assert.Contains("--hours", stderr.ToString(), StringComparison.Ordinal);
        Assert.Single(stderr.ToString().TrimEnd().Split('\n'));
    }

    private static int Number(Match row, string group) =>
        int.Parse(row.Groups[group].Value, System.Globalization.NumberStyles.AllowThousands, System.Globalization.CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^  admin key   (?<key>[0-9a-f]{32})$", RegexOptions.Multiline)]
    private static partial Regex AdminKeyLine();
}
