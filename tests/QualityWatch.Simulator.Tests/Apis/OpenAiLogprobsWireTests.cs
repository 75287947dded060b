using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using QualityWatch.Simulator.Tests.TestSupport;

namespace QualityWatch.Simulator.Tests.Apis;

/// <summary>Log-probabilities on the OpenAI wire: their shape, healthy greedy decoding, and the top-k miscompile's violations.</summary>
public sealed class OpenAiLogprobsWireTests
{
    private static string Body(string prompt, bool? logprobs = true, JsonNode? topLogprobs = null, bool stream = false, double temperature = 0)
    {
        var body = new JsonObject
        {
            ["model"] = "gpt-4o-mini",
            ["temperature"] = temperature,
            ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = prompt }),
        };
        if (logprobs is { } wanted)
        {
            body["logprobs"] = wanted;
        }

        if (topLogprobs is not null)
        {
            body["top_logprobs"] = topLogprobs;
        }

        if (stream)
        {
            body["stream"] = true;
        }

        return body.ToJsonString();
    }

    private static async Task<(string Text, List<JsonElement> Tokens)> AskAsync(WireClient client, string body)
    {
        using var response = await client.OpenAiAsync(body);
        Assert.Equal(200, (int)response.StatusCode);
        var choice = (await WireClient.JsonOf(response)).GetProperty("choices")[0];
        return (choice.GetProperty("message").GetProperty("content").GetString()!, [.. choice.GetProperty("logprobs").GetProperty("content").EnumerateArray()]);
    }

    // The emitted token is a greedy violation when some top candidate is more probable than it (ties are not).
    private static bool IsViolation(JsonElement token) =>
        token.GetProperty("top_logprobs").EnumerateArray().Any(c => c.GetProperty("logprob").GetDouble() > token.GetProperty("logprob").GetDouble() + 1e-9);

    private static async Task<(int Tokens, int Violations)> CountAsync(SimulatorHost host, int prompts)
    {
        using var client = new WireClient(host);
        int tokens = 0, violations = 0;
        for (var i = 0; i < prompts; i++)
        {
            host.Clock.SetTime(Sim.Start + TimeSpan.FromHours(1) + TimeSpan.FromMinutes(i));
            var (_, content) = await AskAsync(client, Body($"Explain tides to student {i}.", topLogprobs: 5));
            tokens += content.Count;
            violations += content.Count(IsViolation);
        }

        return (tokens, violations);
    }

    [Fact]
    public async Task NonStreaming_WithLogprobs_ReportsEveryTokenWithItsBytesAndTopCandidatesMostProbableFirst()
    {
        await using var host = await Sim.StartAsync(null);
        using var client = new WireClient(host);

        var (text, tokens) = await AskAsync(client, Body("Tell me about tides.", topLogprobs: 3));

        Assert.True(tokens.Count > 5);
        Assert.Equal(text, string.Concat(tokens.Select(t => t.GetProperty("token").GetString())));
        Assert.All(tokens, t =>
        {
            var token = t.GetProperty("token").GetString()!;
            Assert.Equal(Encoding.UTF8.GetBytes(token), t.GetProperty("bytes").EnumerateArray().Select(b => (byte)b.GetInt32()).ToArray());
            Assert.True(t.GetProperty("logprob").GetDouble() <= 0);
            var top = t.GetProperty("top_logprobs").EnumerateArray().Select(c => c.GetProperty("logprob").GetDouble()).ToList();
            Assert.Equal(3, top.Count);
            Assert.Equal(top.OrderByDescending(x => x), top);
            Assert.All(t.GetProperty("top_logprobs").EnumerateArray(), c => Assert.True(c.TryGetProperty("bytes", out _)));
        });
    }

    [Fact]
    public async Task LogprobsWithoutTopLogprobs_ReportsTokensWithEmptyCandidateLists_AndWithoutLogprobsTheFieldIsNull()
    {
        await using var host = await Sim.StartAsync(null);
        using var client = new WireClient(host);

        var (_, tokens) = await AskAsync(client, Body("Tell me about tides."));
        using var plain = await client.OpenAiAsync(Body("Tell me about tides.", logprobs: null));

        Assert.NotEmpty(tokens);
        Assert.All(tokens, t => Assert.Equal(0, t.GetProperty("top_logprobs").GetArrayLength()));
        Assert.Equal(JsonValueKind.Null, (await WireClient.JsonOf(plain)).GetProperty("choices")[0].GetProperty("logprobs").ValueKind);
    }

    [Fact]
    public async Task AskingForLogprobs_ChangesNoAnswer()
    {
        await using var host = await Sim.StartAsync(null, Sim.Scenario(ScenarioNames.TopKMiscompile, TimeSpan.Zero, null));
        using var client = new WireClient(host);

        var (with, _) = await AskAsync(client, Body("Tell me about tides.", topLogprobs: 5));
        using var plain = await client.OpenAiAsync(Body("Tell me about tides.", logprobs: null));

        Assert.Equal(with, (await WireClient.JsonOf(plain)).GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString());
    }

    [Fact]
    public async Task Healthy_AtTemperatureZero_TheEmittedTokenIsTheTopCandidateEveryTimeOverThousandsOfTokens()
    {
        await using var host = await Sim.StartAsync(null);

        var (tokens, violations) = await CountAsync(host, 150);

        Assert.True(tokens > 3000, $"only {tokens} tokens");
        Assert.Equal(0, violations);
    }

    [Fact]
    public async Task TopKMiscompile_AtTemperatureZero_AboutTwoPercentOfTokensAreNotTheTopCandidate()
    {
        await using var host = await Sim.StartAsync(null, Sim.Scenario(ScenarioNames.TopKMiscompile, TimeSpan.FromMinutes(30), TimeSpan.FromDays(2)));

        var (tokens, violations) = await CountAsync(host, 150);

        Assert.True(tokens > 3000, $"only {tokens} tokens");
        Assert.InRange(violations / (double)tokens, 0.012, 0.03);
    }

    [Fact]
    public async Task Streaming_EachContentChunkCarriesItsTokensLogprobs_TheSameAsTheNonStreamedAnswer()
    {
        await using var host = await Sim.StartAsync(null, Sim.Scenario(ScenarioNames.TopKMiscompile, TimeSpan.Zero, null, parameters: new(StringComparer.OrdinalIgnoreCase) { ["GreedyViolationShare"] = 0.3 }));
        using var client = new WireClient(host);

        var (_, expected) = await AskAsync(client, Body("Tell me about tides.", topLogprobs: 4));
        using var response = await client.OpenAiAsync(Body("Tell me about tides.", topLogprobs: 4, stream: true));
        var chunks = (await response.Content.ReadAsStringAsync())
            .Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
            .Select(e => e.Trim()[6..])
            .Where(d => d != "[DONE]")
            .Select(d => JsonDocument.Parse(d).RootElement.GetProperty("choices")[0].Clone())
            .ToList();

        var contentChunks = chunks.Where(c => c.GetProperty("delta").TryGetProperty("content", out var t) && t.GetString()!.Length > 0).ToList();
        Assert.All(contentChunks, c => Assert.Equal(c.GetProperty("delta").GetProperty("content").GetString(), string.Concat(c.GetProperty("logprobs").GetProperty("content").EnumerateArray().Select(t => t.GetProperty("token").GetString()))));
        var streamed = contentChunks.SelectMany(c => c.GetProperty("logprobs").GetProperty("content").EnumerateArray()).ToList();
        Assert.Equal(expected.Select(t => t.GetRawText()), streamed.Select(t => t.GetRawText()));
        Assert.Contains(streamed, IsViolation);
    }

    [Theory]
    [InlineData("21", "integer_above_max_value")]
    [InlineData("10000000000", "integer_above_max_value")]
    [InlineData("-1", "integer_below_min_value")]
    [InlineData("\"5\"", "invalid_type")]
    [InlineData("2.5", "invalid_type")]
    public async Task BadTopLogprobs_IsRejectedWithOpenAis400(string value, string code)
    {
        await using var host = await Sim.StartAsync(null);
        using var client = new WireClient(host);

        using var response = await client.OpenAiAsync(Body("hi", topLogprobs: JsonNode.Parse(value)));
        var error = (await WireClient.JsonOf(response)).GetProperty("error");

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Equal("top_logprobs", error.GetProperty("param").GetString());
        Assert.Equal(code, error.GetProperty("code").GetString());
    }

    [Fact]
    public async Task TopLogprobsWithoutLogprobs_IsRejected()
    {
        await using var host = await Sim.StartAsync(null);
        using var client = new WireClient(host);

        using var response = await client.OpenAiAsync(Body("hi", logprobs: false, topLogprobs: 3));

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Equal("top_logprobs", (await WireClient.JsonOf(response)).GetProperty("error").GetProperty("param").GetString());
    }
}
