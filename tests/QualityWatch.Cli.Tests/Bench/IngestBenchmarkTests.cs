using System.Globalization;

namespace QualityWatch.Cli.Tests.Bench;

/// <summary><c>bench ingest</c> against a real collector and a real null endpoint, briefly: every request it counts was
/// answered as stored, over OTLP/HTTP and over OTLP/gRPC.</summary>
public sealed class IngestBenchmarkTests
{
    [Theory]
    [InlineData("http", "OTLP/HTTP protobuf")]
    [InlineData("grpc", "OTLP/gRPC")]
    public async Task BenchIngest_ShortRun_EveryTargetAnswersEveryRequestAsStored(string protocol, string named)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        var exitCode = await CliApplication.RunAsync(
            ["bench", "ingest", "--protocol", protocol, "--seconds", "1", "--warmup", "0", "--connections", "2", "--spans-per-request", "20"],
            new CliConsole(stdout, stderr), CancellationToken.None);

        Assert.True(exitCode == ExitCodes.Success, stderr.ToString());
        var output = stdout.ToString();
        Assert.StartsWith($"bench ingest: {named}, 2 connections, 20 spans/request", output, StringComparison.Ordinal);
        foreach (var target in new[] { "collector", "null", "in-process" })
        {
            var columns = output.Split('\n').Single(l => l.StartsWith(target + " ", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var (requests, failed) = (long.Parse(columns[2], CultureInfo.InvariantCulture), long.Parse(columns[3], CultureInfo.InvariantCulture));
            Assert.True(requests > 0, $"{target} answered no request: {output}");
            Assert.True(failed == 0, $"{target} failed {failed} of {requests}: {output}");
        }
    }

    [Fact]
    public async Task BenchIngest_UnknownProtocol_ExitsTwoWithOneLineNamingIt()
    {
        var stderr = new StringWriter();

        var exitCode = await CliApplication.RunAsync(["bench", "ingest", "--protocol", "udp"], new CliConsole(new StringWriter(), stderr), CancellationToken.None);

        Assert.Equal(ExitCodes.UsageError, exitCode);
        Assert.Equal("qualitywatch: --protocol must be http or grpc, not 'udp'", stderr.ToString().TrimEnd());
    }
}
