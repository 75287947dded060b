using QualityWatch.Cli.Bench;

namespace QualityWatch.Cli.Tests.Bench;

public sealed class IngestBenchmarkTests
{
    [Fact]
    public async Task RunAsync_ShortRun_DrivesEveryTargetWithoutFailuresAndReportsCpuPerRequest()
    {
        var report = await IngestBenchmark.RunAsync(new IngestBenchmarkSettings(Seconds: 1, Connections: 2, SpansPerRequest: 50, WarmupSeconds: 1), CancellationToken.None);

        foreach (var result in new[] { report.Collector, report.Null, report.InProcess })
        {
            Assert.True(result.Requests > 0, $"{result.Target} served no request");
            Assert.Equal(0, result.Failed);
            Assert.Equal(result.Requests * 50, result.Spans);
            Assert.True(result.CpuMillisecondsPerRequest > 0, $"{result.Target} reported no CPU");
            Assert.True(result.PeakWorkingSetBytes > 0);
        }

        Assert.True(report.Ratio > 0);
    }

    [Fact]
    public void ToText_PrintsEveryColumnTheRatioAndTheMachineLoad()
    {
        var settings = new IngestBenchmarkSettings(10, 4, 500);
        var collector = new LoadResult("collector", 1_000_000, 2_000, 0, TimeSpan.FromSeconds(10), 15.5, 120.26, 200L * 1024 * 1024, TimeSpan.FromSeconds(8));
        var nullEndpoint = new LoadResult("null", 10_000_000, 20_000, 0, TimeSpan.FromSeconds(10), 1, 5, 100L * 1024 * 1024, TimeSpan.FromSeconds(16));

        var inProcess = new LoadResult("in-process", 3_000_000, 6_000, 0, TimeSpan.FromSeconds(10), 2, 9, 150L * 1024 * 1024, TimeSpan.FromSeconds(12));

        var text = new IngestBenchmarkReport(settings, collector, nullEndpoint, inProcess).ToText();

        Assert.Contains("cpu ms/req", text, StringComparison.Ordinal);
        Assert.Matches(@"collector\s+100000\s+2000\s+0\s+15\.5\s+120\.3\s+200\s+4\.00\s+0\.80", text);
        Assert.Matches(@"null\s+1000000\s+20000\s+0\s+1\.0\s+5\.0\s+100\s+0\.80\s+1\.60", text);
        Assert.Matches(@"in-process\s+300000\s+6000\s+0\s+2\.0\s+9\.0\s+150\s+2\.00\s+1\.20", text);
        Assert.Contains("ratio collector/null: 0.10", text, StringComparison.Ordinal);
        Assert.Contains("load average", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Rounds_ToText_PrintsEachRoundThenTheMedianRatioAndItsRange()
    {
        var settings = new IngestBenchmarkSettings(10, 4, 500, Rounds: 3);
        IngestBenchmarkReport Round(long collectorSpans) => new(
            settings,
            new LoadResult("collector", collectorSpans, collectorSpans / 500, 0, TimeSpan.FromSeconds(1), 1, 2, 1, TimeSpan.FromMilliseconds(collectorSpans / 500)),
            new LoadResult("null", 1_000_000, 2_000, 0, TimeSpan.FromSeconds(1), 1, 2, 1, TimeSpan.FromMilliseconds(500)),
            new LoadResult("in-process", 1, 1, 0, TimeSpan.FromSeconds(1), 1, 2, 1, TimeSpan.FromMilliseconds(1)));

        var text = new IngestBenchmarkRounds([Round(300_000), Round(100_000), Round(250_000)]).ToText();

        Assert.Contains("round 1 of 3", text, StringComparison.Ordinal);
        Assert.Contains("round 3 of 3", text, StringComparison.Ordinal);
        Assert.Equal(3, text.Split("ratio collector/null: ").Length - 1);
        Assert.EndsWith("ratio collector/null over 3 rounds: median 0.25, range 0.10–0.30; collector cpu ms/req median 1.00, null 0.25", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new double[] { 3 }, 3)]
    [InlineData(new double[] { 0.3, 0.1, 0.2 }, 0.2)]
    [InlineData(new double[] { 0.4, 0.1, 0.2, 0.3 }, 0.25)]
    public void Median_IsTheMiddleValueOrTheMeanOfTheMiddleTwo(double[] values, double median)
    {
        Assert.Equal(median, IngestBenchmarkRounds.Median(values), 12);
    }

    [Fact]
    public void OneRound_ToText_IsThatRoundsReport()
    {
        var settings = new IngestBenchmarkSettings(10, 4, 500);
        var result = new LoadResult("collector", 1_000, 2, 0, TimeSpan.FromSeconds(1), 1, 2, 1, TimeSpan.FromMilliseconds(3));
        var report = new IngestBenchmarkReport(settings, result, result with { Target = "null" }, result with { Target = "in-process" });

        Assert.Equal(report.ToText(), new IngestBenchmarkRounds([report]).ToText());
    }
}
