using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using QualityWatch.TestSupport.Networking;

namespace QualityWatch.Cli.Tests.Telemetry;

/// <summary>A real Kestrel endpoint on a loopback port that records every OTLP/HTTP request the SDK exporter sends.</summary>
internal sealed class OtlpTraceReceiver : IAsyncDisposable
{
    private readonly LoopbackHttpServer _server;

    private OtlpTraceReceiver(LoopbackHttpServer server) => _server = server;

    public Uri Address => _server.BaseUrl;

    public ConcurrentQueue<(string Path, string? ContentType, string Authorization, byte[] Body)> Requests { get; } = new();

    public static async Task<OtlpTraceReceiver> StartAsync()
    {
        OtlpTraceReceiver? receiver = null;
        var server = await LoopbackHttpServer.StartAsync(app => app.Run(async context =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            receiver!.Requests.Enqueue((context.Request.Path, context.Request.ContentType, context.Request.Headers.Authorization.ToString(), body.ToArray()));
            context.Response.ContentType = "application/x-protobuf";
            context.Response.StatusCode = 200;
        }));
        receiver = new OtlpTraceReceiver(server);
        return receiver;
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
