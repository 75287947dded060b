using System.Diagnostics;
using QualityWatch.Collector.Metrics;
using QualityWatch.Collector.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace QualityWatch.Collector.Tests.Otlp;

/// <summary>The OpenTelemetry JS SDK (npm, run by node as a child process) sends to a real collector.</summary>
public sealed class JsSdkExportTests
{
    [Theory]
    [InlineData("proto")]
    [InlineData("json")]
    public async Task JsSdkExporter_SendsGenAiSpans_TheyAppearInTheSeries(string protocol)
    {
        await using var host = await CollectorHost.StartAsync();
        var model = "claude-js-" + protocol;
        var (exitCode, output) = await RunNodeAsync("send-spans.mjs", $"http://127.0.0.1:{host.HttpPort}/v1/traces", protocol, CollectorHost.IngestKey, "anthropic", model, "4");
        Assert.True(exitCode == 0, output);

        var bucket = Assert.Single(await host.BucketsAsync(), b => b.Key.Model == model);
        Assert.Equal("anthropic", bucket.Key.Provider);
        Assert.Equal("eu-west-1", bucket.Key.Labels["region"]);
        Assert.Equal(4, bucket.Count);
        Assert.Equal(40, bucket.InputTokens);
        Assert.Equal(80, bucket.OutputTokens);
        Assert.Equal(4, bucket.FinishReasons["stop"]);
        Assert.Equal(1, host.Services.GetRequiredService<CollectorMetrics>().SpansTotal("ignored"));
    }

    private static async Task<(int ExitCode, string Output)> RunNodeAsync(string script, params string[] arguments)
    {
        var directory = RepositoryPaths.Of("tests/QualityWatch.Collector.Tests/js");
        Assert.True(Directory.Exists(Path.Combine(directory, "node_modules")), $"npm packages missing in {directory}: test.sh runs npm install in tests/*/js");
        var start = new ProcessStartInfo("node") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(script);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
