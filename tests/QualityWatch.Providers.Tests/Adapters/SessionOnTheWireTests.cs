using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;
using QualityWatch.TestSupport.Networking;

namespace QualityWatch.Providers.Tests.Adapters;

/// <summary>The canary session reaches the real HTTP request, in each API's own field and in the configured header.</summary>
public sealed class SessionOnTheWireTests
{
    private static readonly ChatMessage[] Question = [new(ChatRole.User, "What is 40 + 2?")];

    [Theory]
    [InlineData("openai", false)]
    [InlineData("openai", true)]
    [InlineData("anthropic", false)]
    [InlineData("anthropic", true)]
    [InlineData("gemini", false)]
    [InlineData("gemini", true)]
    public async Task A_call_with_a_session_carries_it_in_the_api_field_and_the_session_header(string kind, bool streaming)
    {
        await using var server = await RecordingServer.StartAsync();
        using var client = ProviderClientFactory.Create(Options(kind, server.BaseUrl, "x-session-id"));
        var options = ChatSession.With(new ChatOptions { MaxOutputTokens = 32, Temperature = 0 }, "qw-canary-p-07");

        await Send(client, options, streaming);

        var (headers, body) = Assert.Single(server.Requests);
        Assert.Equal("qw-canary-p-07", headers["x-session-id"].ToString());
        switch (kind)
        {
            case "openai":
                Assert.Equal("qw-canary-p-07", body["user"]?.GetValue<string>());
                Assert.Equal("m", body["model"]?.GetValue<string>());
                Assert.Equal(0, body["temperature"]?.GetValue<double>());
                Assert.Equal(32, (body["max_completion_tokens"] ?? body["max_tokens"])?.GetValue<int>());
                break;
            case "anthropic":
                Assert.Equal("qw-canary-p-07", body["metadata"]?["user_id"]?.GetValue<string>());
                Assert.Equal("m", body["model"]?.GetValue<string>());
                Assert.Equal(32, body["max_tokens"]?.GetValue<int>());
                Assert.Equal("What is 40 + 2?", body["messages"]?[0]?["content"]?[0]?["text"]?.GetValue<string>());
                break;
            default:
                Assert.DoesNotContain("qw-canary-p-07", body.ToJsonString(), StringComparison.Ordinal);
                break;
        }
    }

    [Theory]
    [InlineData("openai")]
    [InlineData("anthropic")]
    [InlineData("gemini")]
    public async Task A_call_without_a_session_sends_no_user_and_no_session_header(string kind)
    {
        await using var server = await RecordingServer.StartAsync();
        using var client = ProviderClientFactory.Create(Options(kind, server.BaseUrl, "x-session-id"));

        await Send(client, new ChatOptions { MaxOutputTokens = 32 }, streaming: false);

        var (headers, body) = Assert.Single(server.Requests);
        Assert.False(headers.ContainsKey("x-session-id"));
        Assert.Null(body["user"]);
        Assert.Null(body["metadata"]);
    }

    [Fact]
    public async Task Without_a_session_header_configured_only_the_api_field_carries_the_session()
    {
        await using var server = await RecordingServer.StartAsync();
        using var client = ProviderClientFactory.Create(Options("openai", server.BaseUrl, header: null));

        await Send(client, ChatSession.With(new ChatOptions(), "qw-canary-p-01"), streaming: false);

        var (headers, body) = Assert.Single(server.Requests);
        Assert.Equal("qw-canary-p-01", body["user"]?.GetValue<string>());
        Assert.DoesNotContain(headers, h => h.Value.ToString().Contains("qw-canary-p-01", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("x session")]
    [InlineData("Authorization")]
    [InlineData("")]
    public void A_session_header_that_is_not_a_plain_header_name_or_would_replace_the_key_is_refused(string header)
    {
        var problems = new ProviderOptions { Name = "p", Kind = "openai", Model = "m", SessionHeader = header }.Validate();

        Assert.Contains(problems, p => p.Contains("session_header", StringComparison.Ordinal));
    }

    private static ProviderOptions Options(string kind, Uri baseUrl, string? header) => new()
    {
        Name = "p",
        Kind = kind,
        Model = "m",
        BaseUrl = kind == "openai" ? new Uri(baseUrl, "v1").ToString() : baseUrl.ToString(),
        MaxRetries = 0,
        SessionHeader = header,
    };

    private static async Task Send(IChatClient client, ChatOptions options, bool streaming)
    {
        // The recording server answers 400: what was sent is the point, not the answer.
        try
        {
            if (streaming)
            {
                await foreach (var update in client.GetStreamingResponseAsync(Question, options))
                {
                    _ = update;
                }
            }
            else
            {
                await client.GetResponseAsync(Question, options);
            }
        }
        catch (ProviderUnavailableException ex) when (ex.ErrorType == "400")
        {
        }
    }

    /// <summary>A real Kestrel server on 127.0.0.1 that records each request's headers and JSON body and answers 400.</summary>
    private sealed class RecordingServer : IAsyncDisposable
    {
        private readonly LoopbackHttpServer _server;

        private RecordingServer(LoopbackHttpServer server) => _server = server;

        public Uri BaseUrl => _server.BaseUrl;

        public List<(IHeaderDictionary Headers, JsonNode Body)> Requests { get; } = [];

        public static async Task<RecordingServer> StartAsync()
        {
            RecordingServer? recorder = null;
            var server = await LoopbackHttpServer.StartAsync(app => app.Run(async context =>
            {
                using var reader = new StreamReader(context.Request.Body);
                var body = JsonNode.Parse(await reader.ReadToEndAsync()) ?? new JsonObject();
                lock (recorder!.Requests)
                {
                    recorder.Requests.Add((new HeaderDictionary(context.Request.Headers.ToDictionary(h => h.Key, h => h.Value)), body));
                }

                context.Response.StatusCode = 400;
                await context.Response.WriteAsync("{\"error\":{\"message\":\"recorded\"}}");
            }));
            recorder = new RecordingServer(server);
            return recorder;
        }

        public ValueTask DisposeAsync() => _server.DisposeAsync();
    }
}
