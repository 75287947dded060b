using System.Text.Json;
using QualityWatch.Canaries.Suites;
using QualityWatch.Simulator;
using QualityWatch.Storage;
using QualityWatch.Storage.Canaries;

namespace QualityWatch.Cli.Tests.Canaries;

public sealed class CanaryCommandTests : IDisposable
{
    private const string Model = "sim-cli-model";
    private const string Suite = """
        suite: cli
        category: arithmetic
        defaults: { temperature: 0, max_tokens: 16 }
        cases:
          - id: add
            prompt: "What is 40 + 2? Reply with the number only."
            expect: { equals: "42" }
            reference: "42"
          - id: capital
            prompt: "What is the capital city of Italy? Reply with the city name only."
            expect: { one_of: ["Rome", "rome"], script: [Latin, Common] }
            reference: "Rome"
          - id: echo
            prompt: "Repeat exactly: QW-AAAA"
            expect: { equals: "QW-AAAA" }
            reference: "QW-AAAA"
            repeat: 2
        """;

    private readonly string _directory = Directory.CreateTempSubdirectory("qw-cli-canary-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static async Task<(int ExitCode, string Out, string Error)> RunAsync(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exitCode = await CliApplication.RunAsync(args, new CliConsole(stdout, stderr), CancellationToken.None);
        return (exitCode, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task Validate_ShippedSuites_ExitsZero()
    {
        var (exitCode, output, error) = await RunAsync("canary", "validate", "--suite", FindCanaries());

        Assert.Equal(ExitCodes.Success, exitCode);
        Assert.Equal(string.Empty, error);
        Assert.Contains("7 valid suite(s), 205 case(s); 0 problem(s)", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_BadFiles_ListsEveryProblemAsFileLineReason_AndExitsTwo()
    {
        var good = Write("good.yaml", Suite);
        var bad = Write("bad.yaml", "suite: bad\ncases:\n  - id: a\n    prompt: \"x\"\n    expect: { regex: \"(\" }\n  - id: a\n    prompt: \"y\"\n");

        var (exitCode, output, error) = await RunAsync("canary", "validate", "--suite", good, "--suite", bad);

        Assert.Equal(ExitCodes.UsageError, exitCode);
        var lines = error.TrimEnd().Split('\n');
        Assert.Equal(2, lines.Length);
        Assert.StartsWith($"{bad}:5: invalid regex", lines[0], StringComparison.Ordinal);
        Assert.Equal($"{bad}:6: missing 'expect'", lines[1]);
        Assert.Contains("1 valid suite(s), 3 case(s); 2 problem(s)", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_AgainstSimulatorThroughEveryAdapter_StoresResultsPrintsSummaryAndWritesReport()
    {
        var suiteFile = Write("cli.yaml", Suite);
        var bad = Write("broken.yaml", "suite: broken\ncases: []\n");
        await using var host = await StartSimulatorAsync(suiteFile, errorRate: 0);
        var database = Path.Combine(_directory, "qw.db");
        var config = WriteConfig(host, database);
        var report = Path.Combine(_directory, "out", "report.json");

        var (exitCode, output, error) = await RunAsync("canary", "run", "--config", config, "--suite", suiteFile, "--suite", bad, "--rounds", "2", "--report", report);

        Assert.Equal(ExitCodes.Success, exitCode);
        Assert.Contains($"skipped: {bad}:2: 'cases' must be a non-empty list", error, StringComparison.Ordinal);
        foreach (var provider in new[] { "sim-openai", "sim-anthropic", "sim-gemini" })
        {
            Assert.Contains(provider, output, StringComparison.Ordinal);
        }

        Assert.Contains("100.0%", output, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(report));
        var results = json.RootElement.GetProperty("results");
        Assert.Equal(3 * 4 * 2, results.GetArrayLength());
        Assert.All(results.EnumerateArray(), r => Assert.Equal("passed", r.GetProperty("outcome").GetString()));
        Assert.Equal(3, json.RootElement.GetProperty("summary").GetArrayLength());

        await using var db = await QualityWatchDatabase.OpenAsync(new StorageOptions { Path = database }, CanaryStorage.Migrations, CancellationToken.None);
        var stored = await new SqlCanaryResultStore(db).QueryAsync(DateTimeOffset.MinValue.AddYears(2000), DateTimeOffset.UtcNow.AddDays(1), "sim-gemini", CancellationToken.None);
        Assert.Equal(8, stored.Count);
        Assert.Equal([1, 2], stored.Select(r => r.Round).Distinct().Order());
    }

    [Fact]
    public async Task Run_OfEightyQuickRounds_ReportsALatencyStepHalfwayWithinAFewRounds()
    {
        var suiteFile = Write("cli.yaml", Suite);
        // The simulator's latency quadruples ten virtual minutes after its start; its clock stands still until the
        // test moves it, once half the rounds are done — the whole run takes a few seconds of wall time.
        await using var host = await SimulatorHost.StartAsync(
            new SimulatorOptions
            {
                Speed = 0,
                LatencyScale = 0,
                Models = [new SimulatedModelOptions { Name = Model, DefaultAccuracy = 1 }],
                Scenarios = [new ScenarioOptions { Name = "latency-step", StartAfter = TimeSpan.FromMinutes(10), Parameters = new(StringComparer.OrdinalIgnoreCase) { ["Factor"] = 4 } }],
            },
            new SuiteAnswerBook(SuiteLoader.LoadFiles([suiteFile]).Suites),
            CancellationToken.None);
        var config = Write("step.yaml", $"""
            providers:
              - name: sim-openai
                kind: openai
                base_url: {host.BaseUrl}v1
                model: {Model}
                max_retries: 0
            """);
        var report = Path.Combine(_directory, "step.json");
        const int CallsPerRound = 4;
        DateTimeOffset? steppedAt = null;
        using var stop = new CancellationTokenSource();
        var stepper = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested && host.GetState().Models.Single().Calls < 40 * CallsPerRound)
            {
                await Task.Delay(5);
            }

            steppedAt = DateTimeOffset.UtcNow;
            host.Clock.Advance(TimeSpan.FromMinutes(15));
        });

        var (exitCode, output, error) = await RunAsync("canary", "run", "--config", config, "--suite", suiteFile, "--rounds", "80", "--no-store", "--report", report);
        await stop.CancelAsync();
        await stepper;

        Assert.Equal(ExitCodes.Success, exitCode);
        Assert.Equal(string.Empty, error);
        Assert.Contains("ALERT latency-drift on sim-openai/", output, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(report));
        var finding = Assert.Single(json.RootElement.GetProperty("alerts").EnumerateArray(), f => f.GetProperty("kind").GetString() == "latency-drift");
        var detectedAt = finding.GetProperty("detected_at").GetDateTimeOffset();
        var roundsAfterStep = json.RootElement.GetProperty("results").EnumerateArray()
            .Where(r => r.GetProperty("timestamp").GetDateTimeOffset() >= steppedAt && r.GetProperty("timestamp").GetDateTimeOffset() <= detectedAt)
            .Select(r => r.GetProperty("round").GetInt32()).Distinct().Count();
        Assert.InRange(roundsAfterStep, 1, 5);
    }

    [Fact]
    public async Task Run_EveryProviderUnavailable_ExitsThreeWithOneLine()
    {
        var suiteFile = Write("cli.yaml", Suite);
        await using var host = await StartSimulatorAsync(suiteFile, errorRate: 1);
        var config = WriteConfig(host, Path.Combine(_directory, "qw.db"));

        var (exitCode, _, error) = await RunAsync("canary", "run", "--config", config, "--suite", suiteFile, "--no-store");

        Assert.Equal(ExitCodes.Unavailable, exitCode);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.Contains("every provider was unavailable", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("kind: cohere", "kind must be one of")]
    [InlineData("api_key_env: QW_CLI_TEST_UNSET_KEY_7", "QW_CLI_TEST_UNSET_KEY_7")]
    public async Task Run_BadProviderConfiguration_ExitsTwoWithOneLine(string line, string expected)
    {
        var config = Write("qw.yaml", $"providers:\n  - name: p\n    model: m\n    {line}\n");

        var (exitCode, _, error) = await RunAsync("canary", "run", "--config", config, "--suite", Write("cli.yaml", Suite), "--no-store");

        Assert.Equal(ExitCodes.UsageError, exitCode);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--interval", "soon", "--interval 'soon' is not a duration")]
    [InlineData("--provider", "nope", "--provider 'nope' is not configured")]
    [InlineData("--rounds", "0", "--rounds must be at least 1")]
    public async Task Run_BadArguments_ExitsTwoWithOneLine(string option, string value, string expected)
    {
        var config = Write("qw.yaml", "providers:\n  - name: p\n    kind: openai\n    model: m\n    base_url: http://127.0.0.1:1/v1\n");

        var (exitCode, _, error) = await RunAsync("canary", "run", "--config", config, "--suite", Write("cli.yaml", Suite), "--no-store", option, value);

        Assert.Equal(ExitCodes.UsageError, exitCode);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    private static Task<SimulatorHost> StartSimulatorAsync(string suiteFile, double errorRate) =>
        SimulatorHost.StartAsync(
            new SimulatorOptions
            {
                Speed = 0,
                LatencyScale = 0,
                Models = [new SimulatedModelOptions { Name = Model, DefaultAccuracy = 1 }],
                Scenarios = errorRate > 0
                    ? [new ScenarioOptions { Name = "error-burst", Parameters = new(StringComparer.OrdinalIgnoreCase) { ["ErrorRate"] = errorRate } }]
                    : [],
            },
            new SuiteAnswerBook(SuiteLoader.LoadFiles([suiteFile]).Suites),
            CancellationToken.None);

    private string WriteConfig(SimulatorHost host, string database)
    {
        var root = host.BaseUrl.ToString();
        return Write("qualitywatch.yaml", $"""
            storage:
              provider: sqlite
              path: {database}
            canaries:
              streaming: true
            providers:
              - name: sim-openai
                kind: openai
                base_url: {root}v1
                model: {Model}
                max_retries: 0
                input_price_per_million: 0.15
                output_price_per_million: 0.6
              - name: sim-anthropic
                kind: anthropic
                base_url: {root}
                model: {Model}
                max_retries: 0
              - name: sim-gemini
                kind: gemini
                base_url: {root}
                model: {Model}
                max_retries: 0
                region: eu-west
            """);
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static string FindCanaries() => QualityWatch.TestSupport.Repository.RepositoryRoot.Canaries;
}
