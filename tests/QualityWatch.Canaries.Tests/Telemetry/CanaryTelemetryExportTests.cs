using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using QualityWatch.Canaries.Running;
using QualityWatch.Canaries.Suites;
using QualityWatch.Canaries.Telemetry;
using QualityWatch.Canaries.Tests.TestSupport;

namespace QualityWatch.Canaries.Tests.Telemetry;

public sealed class CanaryTelemetryExportTests
{
    [Fact]
    public async Task CreateTracerProvider_ExportsCanarySpansAsOtlpProtobufWithTheIngestKey()
    {
        var received = new List<(string Path, string? ContentType, string Authorization, byte[] Body)>();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        await using var collector = builder.Build();
        collector.Run(async context =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            lock (received)
            {
                received.Add((context.Request.Path, context.Request.ContentType, context.Request.Headers.Authorization.ToString(), body.ToArray()));
            }

            context.Response.StatusCode = 200;
        });
        await collector.StartAsync();
        var address = new Uri(collector.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());

        var runId = "otlp-" + Guid.NewGuid().ToString("N")[..8];
        var (suite, _) = SuiteText.Parse(SuiteText.OneCase("{ equals: \"x\" }", "x"));
        await using var host = await SimulatedProviders.StartAsync(new SuiteAnswerBook([suite!]));
        using (CanaryTelemetry.CreateTracerProvider(address, "ingest-key-123"))
        {
            var runner = new CanaryRunner(new CanaryRunnerOptions { RunId = runId, Suites = [suite!], Targets = [SimulatedProviders.Target("openai", host)] });
            await runner.RunRoundAsync(1, CancellationToken.None);
        }

        // Disposing the provider flushed the batch: the run's span and its evaluation event reached /v1/traces.
        var export = Assert.Single(received, r => Encoding.UTF8.GetString(r.Body).Contains(runId, StringComparison.Ordinal));
        Assert.Equal("/v1/traces", export.Path);
        Assert.Equal("application/x-protobuf", export.ContentType);
        Assert.Equal("Bearer ingest-key-123", export.Authorization);
        var text = Encoding.UTF8.GetString(export.Body);
        Assert.Contains($"chat {SimulatedProviders.Model}", text, StringComparison.Ordinal);
        Assert.Contains("gen_ai.evaluation.result", text, StringComparison.Ordinal);
        Assert.Contains("qualitywatch-canaries", text, StringComparison.Ordinal);
    }
}
