using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace QualityWatch.Providers.Tests.TestSupport;

/// <summary>
/// A real Kestrel server on 127.0.0.1 with a dynamic port for the behaviours the simulator does not script exactly
/// (a fixed Retry-After, a permanently failing endpoint, recording headers).
/// </summary>
internal sealed class LoopbackServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _requests;

    private LoopbackServer(WebApplication app, Uri baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public Uri BaseUrl { get; }

    public int Requests => Volatile.Read(ref _requests);

    public List<(string Path, IHeaderDictionary Headers, string Query)> Seen { get; } = [];

    public static async Task<LoopbackServer> StartAsync(Func<HttpContext, int, Task> handler)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        LoopbackServer? server = null;
        app.Run(async context =>
        {
            var n = Interlocked.Increment(ref server!._requests);
            lock (server.Seen)
            {
                server.Seen.Add((context.Request.Path, new HeaderDictionary(context.Request.Headers.ToDictionary(h => h.Key, h => h.Value)), context.Request.QueryString.Value ?? string.Empty));
            }

            await handler(context, n);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        server = new LoopbackServer(app, new Uri(address.TrimEnd('/') + "/"));
        return server;
    }

    public const string OpenAiCompletion = """
        {"id":"chatcmpl-1","object":"chat.completion","created":1700000000,"model":"loop-model-2024","system_fingerprint":"fp_loop",
         "choices":[{"index":0,"message":{"role":"assistant","content":"42"},"finish_reason":"stop"}],
         "usage":{"prompt_tokens":11,"completion_tokens":1,"total_tokens":12}}
        """;

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
