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
    public void LoadConfiguration_TheShippedSampleWithTheOptInMultivariateKeysUncommented_IsValid()
    {
        var lines = File.ReadAllLines(SampleConfiguration())
            .Select(l => l.TrimStart().StartsWith("# multivariate_drift", StringComparison.Ordinal) ? l.Replace("# multivariate_drift: false", "multivariate_drift: true", StringComparison.Ordinal).Replace("# multivariate", "multivariate", StringComparison.Ordinal) : l)
            .ToArray();
        Assert.Equal(3, lines.Count(l => l.TrimStart().StartsWith("multivariate_drift", StringComparison.Ordinal)));
        var path = Path.Combine(_directory, "qualitywatch.yaml");
        File.WriteAllLines(path, lines);

        var configuration = CommonOptions.LoadConfiguration(new FileInfo(path));

        Assert.Equal("true", configuration["Detection:MultivariateDrift"], ignoreCase: true);
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

    [Theory]
    [InlineData("detection:\n  recovery_checks: 0\n", "2:3: 'detection.recovery_checks': Detection.RecoveryChecks must be in [1, 10000].")]
    [InlineData("alerts:\n  default_sla: 1.5\n", "2:3: 'alerts.default_sla': alerts.default_sla must be in (0, 1), for example 0.999")]
    [InlineData("canaries:\n  interval_seconds: 60\n  jitter: 2\n", "3:3: 'canaries.jitter': canaries.jitter must be in 0..1")]
    [InlineData("providers:\n  - name: a\n    kind: openai\n    model: m\n  - name: b\n    kind: openai\n    model: m\n    max_retries: 40\n", "8:5: 'providers[1].max_retries': provider 'b': max_retries must be in 0..10")]
    [InlineData("providers:\n  - name: c\n    kind: anthropic\n    model: m\n    logprobs: true\n", "5:5: 'providers[0].logprobs': provider 'c': logprobs is supported for kind openai only (the OpenAI-compatible log-probabilities)")]
    [InlineData("detection:\n  greedy_violation_arl0: 5\n", "2:3: 'detection.greedy_violation_arl0': Detection.GreedyViolationArl0 must be in [10, 1e8].")]
    [InlineData("detection:\n  multivariate_drift: true\n  multivariate_drift_retrain_hours: 0\n", "3:3: 'detection.multivariate_drift_retrain_hours': Detection.MultivariateDriftRetrainHours must be in [1, 720].")]
    [InlineData("collector:\n  content:\n    retention_days: -1\n", "3:5: 'collector.content.retention_days': collector.content.retention_days must be 0 (keep everything) or more, not -1")]
    public void LoadConfiguration_AValueOutOfRange_NamesTheFileLineAndKeyWhereItWasSet(string yaml, string expected)
    {
        var path = Path.Combine(_directory, "range.yaml");
        File.WriteAllText(path, yaml);

        var error = Assert.Throws<ConfigurationFileException>(() => CommonOptions.LoadConfiguration(new FileInfo(path)));

        Assert.Equal($"{path}:{expected}", error.Message);
    }

    [Fact]
    public async Task Serve_WithAValueOutOfRange_ExitsTwoWithOneLine()
    {
        var path = Path.Combine(_directory, "range.yaml");
        await File.WriteAllTextAsync(path, "storage:\n  path: qw.db\ndetection:\n  state_save_interval_minutes: 0\n");
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        int exitCode = await CliApplication.RunAsync(["serve", "--config", path], new CliConsole(stdout, stderr), CancellationToken.None);

        Assert.Equal(2, exitCode);
        Assert.Equal($"qualitywatch: {path}:4:3: 'detection.state_save_interval_minutes': Detection.StateSaveIntervalMinutes must be in [1, 1440].", stderr.ToString().TrimEnd('\n'));
        Assert.False(File.Exists(Path.Combine(_directory, "qw.db")));
    }

    private static string SampleConfiguration() => Serve.ServeCommandTests.SampleConfiguration();
}
