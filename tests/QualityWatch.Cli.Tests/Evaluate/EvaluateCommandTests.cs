namespace QualityWatch.Cli.Tests.Evaluate;

public sealed class EvaluateCommandTests : IDisposable
{
    private static readonly string Fixtures = Path.Combine(AppContext.BaseDirectory, "Fixtures", "cloud-monitoring");
    private readonly string _directory = Directory.CreateTempSubdirectory("qw-evaluate-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static async Task<(int ExitCode, string Out, string Error)> RunAsync(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int exitCode = await CliApplication.RunAsync(args, new CliConsole(stdout, stderr), CancellationToken.None);
        return (exitCode, stdout.ToString(), stderr.ToString());
    }

    private static string[] TableLine(string output, string firstCell) =>
        output.Split('\n').Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Single(cells => cells.Length > 0 && cells[0] == firstCell);

    [Fact]
    public async Task Evaluate_CloudMonitoringFixtures_PrintsEveryDomainAndOverall_WithNoFileRefused()
    {
        var (exitCode, output, error) = await RunAsync("evaluate", "--dataset", Fixtures);

        Assert.Equal(0, exitCode);
        Assert.StartsWith("detector auto: 3 files scored, 0 refused", output, StringComparison.Ordinal);
        Assert.DoesNotContain("refused (", output, StringComparison.Ordinal);

        // domain, files, refused, rows, caught/events, false alarms/1k rows, precision, recall, F1, mean delay
        var crash = TableLine(output, "application-crash-rate-1");
        var latency = TableLine(output, "middle-tier-api-dependency-latency");
        var overall = TableLine(output, "overall");
        Assert.Equal(["2", "0", "886"], crash[1..4]);
        Assert.Equal(["1", "0", "720"], latency[1..4]);
        Assert.Equal(["3", "0", "1,606"], overall[1..4]);
        Assert.Matches(@"^\d+/\d+$", overall[4]);
        Assert.All(overall[5..9], cell => Assert.Matches(@"^\d+\.\d\d$", cell));

        Assert.Contains("[1/3] application-crash-rate-1/app1-04.csv", error, StringComparison.Ordinal);
        Assert.Contains("[3/3] middle-tier-api-dependency-latency/outbound-01.csv", error, StringComparison.Ordinal);
        Assert.Contains("evaluated 3 files, 1,606 rows in", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Evaluate_EventCountsMatchTheLabelledRunsOfTheFixtures()
    {
        int Events(string path) => File.ReadAllLines(path).Skip(1).Select(l => l.EndsWith(",1", StringComparison.Ordinal))
            .Select((labelled, i) => (labelled, i)).Aggregate((Count: 0, Previous: false), (s, r) => (s.Count + (r.labelled && !s.Previous ? 1 : 0), r.labelled)).Count;
        int expected = Directory.EnumerateFiles(Fixtures, "*.csv", SearchOption.AllDirectories).Sum(Events);

        var (_, output, _) = await RunAsync("evaluate", "--dataset", Fixtures, "--detector", "cusum");

        Assert.EndsWith($"/{expected}", TableLine(output, "overall")[4], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Evaluate_WithMarkdown_WritesTheTableAsMarkdown()
    {
        string markdown = Path.Combine(_directory, "evaluation.md");

        var (exitCode, output, _) = await RunAsync("evaluate", "--dataset", Fixtures, "--markdown", markdown);

        Assert.Equal(0, exitCode);
        Assert.Contains("overall", output, StringComparison.Ordinal);
        var lines = File.ReadAllLines(markdown);
        int header = Array.FindIndex(lines, l => l.StartsWith("| domain | files | refused | rows |", StringComparison.Ordinal));
        Assert.True(header >= 0, "the Markdown file has the table header");
        Assert.StartsWith("|---|--:|", lines[header + 1], StringComparison.Ordinal);
        Assert.StartsWith("| application-crash-rate-1 | 2 | 0 | 886 |", lines[header + 2], StringComparison.Ordinal);
        Assert.StartsWith("| middle-tier-api-dependency-latency | 1 | 0 | 720 |", lines[header + 3], StringComparison.Ordinal);
        Assert.StartsWith("| **overall** | 3 | 0 | 1,606 |", lines[header + 4], StringComparison.Ordinal);
        Assert.All(lines[header..(header + 5)], l => Assert.Equal(11, l.Count(c => c == '|')));
    }

    [Fact]
    public async Task Evaluate_FileThatCannotBeRead_IsListedAsRefusedAndTheOthersAreStillScored()
    {
        string domain = Directory.CreateDirectory(Path.Combine(_directory, "latency")).FullName;
        File.Copy(Path.Combine(Fixtures, "middle-tier-api-dependency-latency", "outbound-01.csv"), Path.Combine(domain, "good.csv"));
        File.WriteAllText(Path.Combine(domain, "broken.csv"), "TimeStamp,Value,Label\n2018-06-17T00:00:00Z,abc,0\n");
        File.WriteAllText(Path.Combine(domain, "unlabelled.csv"), "timestamp,value\n2018-06-17T00:00:00Z,1\n");
        File.WriteAllText(Path.Combine(domain, "good.csv-metadata.json"), "{}");

        var (exitCode, output, _) = await RunAsync("evaluate", "--dataset", _directory);

        Assert.Equal(0, exitCode);
        Assert.Equal(["1", "2", "720"], TableLine(output, "latency")[1..4]);
        Assert.Contains("refused (2):", output, StringComparison.Ordinal);
        Assert.Contains("  latency/broken.csv: broken.csv row 2: 'abc' is not a number in column 'value'\n", output, StringComparison.Ordinal);
        Assert.Contains("  latency/unlabelled.csv: unlabelled.csv row 1: missing column 'label'", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Evaluate_MissingFolder_ExitsTwoWithOneLine()
    {
        var (exitCode, output, error) = await RunAsync("evaluate", "--dataset", Path.Combine(_directory, "nope"));

        Assert.Equal(2, exitCode);
        Assert.Equal(string.Empty, output);
        Assert.Single(error.TrimEnd('\n').Split('\n'));
        Assert.Contains("--dataset: folder not found", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Evaluate_FolderWithoutCsv_ExitsTwoWithOneLine()
    {
        File.WriteAllText(Path.Combine(_directory, "notes-metadata.json"), "{}");

        var (exitCode, _, error) = await RunAsync("evaluate", "--dataset", _directory);

        Assert.Equal(2, exitCode);
        Assert.Single(error.TrimEnd('\n').Split('\n'));
        Assert.Contains("--dataset: no .csv file", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Evaluate_MarkdownIntoAMissingFolder_ExitsTwoBeforeScoring()
    {
        var (exitCode, _, error) = await RunAsync("evaluate", "--dataset", Fixtures, "--markdown", Path.Combine(_directory, "nope", "out.md"));

        Assert.Equal(2, exitCode);
        Assert.Equal($"qualitywatch: --markdown: folder not found: {Path.Combine(_directory, "nope")}\n", error.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Evaluate_UnknownDetector_ExitsTwo()
    {
        var (exitCode, _, error) = await RunAsync("evaluate", "--dataset", Fixtures, "--detector", "prophet");

        Assert.Equal(2, exitCode);
        Assert.Contains("prophet", error, StringComparison.Ordinal);
    }
}
