using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using QualityWatch.TestSupport.Networking;

namespace QualityWatch.Providers.Tests.TestSupport;

/// <summary>
/// A scripted provider on a real loopback Kestrel server for the behaviours the simulator does not script exactly
/// (a fixed Retry-After, a permanently failing endpoint): counts and records every request, then answers with the
/// test's handler (given the request's number, from 1).
/// </summary>
internal sealed class LoopbackServer : IAsyncDisposable
{
    private readonly LoopbackHttpServer _server;
    private int _requests;

    private LoopbackServer(LoopbackHttpServer server) => _server = server;

    public Uri BaseUrl => _server.BaseUrl;

    public int Requests => Volatile.Read(ref _requests);

    public List<(string Path, IHeaderDictionary Headers, string Query)> Seen { get; } = [];

    public static async Task<LoopbackServer> StartAsync(Func<HttpContext, int, Task> handler)
    {
        LoopbackServer? server = null;
        var http = await LoopbackHttpServer.StartAsync(app => app.Run(async context =>
        {
            var n = Interlocked.Increment(ref server!._requests);
            lock (server.Seen)
            {
                server.Seen.Add((context.Request.Path, new HeaderDictionary(context.Request.Headers.ToDictionary(h => h.Key, h => h.Value)), context.Request.QueryString.Value ?? string.Empty));
            }

            await handler(context, n);
        }));
        server = new LoopbackServer(http);
        return server;
    }

    public const string OpenAiCompletion = """
        {"id":"chatcmpl-1","object":"chat.completion","created":1700000000,"model":"loop-model-2024","system_fingerprint":"fp_loop",
         "choices":[{"index":0,"message":{"role":"assistant","content":"42"},"finish_reason":"stop"}],
         "usage":{"prompt_tokens":11,"completion_tokens":1,"total_tokens":12}}
        """;

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
