using Microsoft.Extensions.Configuration;
using QualityWatch.Cli.Canaries;
using QualityWatch.Core.Canaries;
using QualityWatch.Core.Findings;
using QualityWatch.Storage;
using QualityWatch.Storage.Canaries;
using QualityWatch.Storage.Detection;

namespace QualityWatch.Cli.Tests.Canaries;

public sealed class CanaryRunDetectionTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly string _directory = Directory.CreateTempSubdirectory("qw-canary-detect-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static IConfiguration Configuration() => new ConfigurationBuilder().Build();

    /// <summary>A round of 20 cases of which <paramref name="failures"/> fail, spread so the rate is exact.</summary>
    private static List<CanaryResult> Round(int round, int failures) =>
        Enumerable.Range(0, 20).Select(i => new CanaryResult(
            "run", round, Start.AddMinutes(round), "openai-prod", "gpt-4o-mini", "arithmetic", $"case-{i:00}", "arithmetic",
            i < failures ? CanaryOutcome.Failed : CanaryOutcome.Passed, TimeSpan.FromMilliseconds(400 + i), null, 10, 2, 0m, "stop", null,
            "42", i < failures ? "41" : "42", i < failures ? ["equals: expected 42"] : [], null, new Dictionary<string, string>())).ToList();

    [Fact]
    public async Task Observe_PassRateCollapsesAfterAHealthyHistory_RaisesAQualityRegression_AndARestartDoesNotRaiseItAgain()
    {
        await using var database = await QualityWatchDatabase.OpenAsync(
            new StorageOptions { Path = Path.Combine(_directory, "qw.db") }, [.. CanaryStorage.Migrations, .. DetectionStorage.Migrations], CancellationToken.None);

        var first = await CanaryRunDetection.StartAsync(Configuration(), database, CancellationToken.None);
        var round = 0;
        for (; round < 40; round++)
        {
            first.Observe(Round(round, failures: round % 20 == 0 ? 2 : 1), Start.AddMinutes(round));
        }

        Assert.Empty(first.Findings);
        for (; round < 60; round++)
        {
            first.Observe(Round(round, failures: 6), Start.AddMinutes(round));
        }

        var finding = Assert.Single(first.Findings, f => f.Kind == FindingKinds.QualityRegression && f.Series.Labels["suite"] == "arithmetic");
        Assert.True(finding.Current.Value < finding.Baseline.Value);
        await first.SaveAsync(Start.AddMinutes(round), CancellationToken.None);

        // The next scheduled invocation continues the same history: the open episode is not raised again.
        var second = await CanaryRunDetection.StartAsync(Configuration(), database, CancellationToken.None);
        for (; round < 70; round++)
        {
            second.Observe(Round(round, failures: 6), Start.AddMinutes(round));
        }

        Assert.DoesNotContain(second.Findings, f => f.Kind == FindingKinds.QualityRegression && f.Series.Labels["suite"] == "arithmetic");
    }

    [Fact]
    public async Task StartAsync_InvalidDetectionOption_IsAUsageErrorNamingIt()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Detection:QualityArl0"] = "1" }).Build();

        var ex = await Assert.ThrowsAsync<CliException>(() => CanaryRunDetection.StartAsync(configuration, null, CancellationToken.None));

        Assert.Equal(ExitCodes.UsageError, ex.ExitCode);
        Assert.Contains("QualityArl0", ex.Message, StringComparison.Ordinal);
    }
}
