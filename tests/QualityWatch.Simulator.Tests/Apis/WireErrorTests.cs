using System.Net;
using System.Text.Json;
using QualityWatch.Simulator.Tests.TestSupport;

namespace QualityWatch.Simulator.Tests.Apis;

/// <summary>Every error each provider returns, at the wire level: status, body shape, type/status strings, headers.</summary>
public sealed class WireErrorTests
{
    private static readonly Dictionary<string, double> AlwaysFail = new(StringComparer.OrdinalIgnoreCase) { ["ErrorRate"] = 1.0 };

    [Theory]
    [InlineData(null, "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", "v1/chat/completions", 401, "invalid_request_error", "provide an API key")]
    [InlineData("sk-x", "{not json", "v1/chat/completions", 400, "invalid_request_error", "could not parse the JSON body")]
    [InlineData("sk-x", "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", "v1/chat/completions", 400, "invalid_request_error", "you must provide a model parameter")]
    [InlineData("sk-x", "{\"model\":\"gpt-4o-mini\"}", "v1/chat/completions", 400, "invalid_request_error", "'messages'")]
    [InlineData("sk-x", "{\"model\":\"nope\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", "v1/chat/completions", 404, "invalid_request_error", "The model `nope` does not exist")]
    [InlineData("sk-x", "{}", "v1/embeddingz", 404, "invalid_request_error", "Invalid URL (POST /v1/embeddingz)")]
    public async Task OpenAi_BadRequest_ReturnsOpenAiErrorJson(string? key, string body, string path, int status, string type, string message)
    {
        await using var host = await Sim.StartAsync(null);
        using var client = new WireClient(host);

        using var response = await client.OpenAiAsync(body, key, path);
        var error = (await WireClient.JsonOf(response)).GetProperty("error");

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(type, error.GetProperty("type").GetString());
        Assert.Contains(message, error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.True(error.TryGetProperty("code", out _));
        Assert.True(error.TryGetProperty("param", out _));
    }

    [Theory]
    [InlineData(null, "2023-06-01", "{}", "v1/messages", 401, "authentication_error")]
    [InlineData("k", null, "{}", "v1/messages", 400, "invalid_request_error")]
    [InlineData("k", "2023-06-01", "[oops", "v1/messages", 400, "invalid_request_error")]
    [InlineData("k", "2023-06-01", "{\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", "v1/messages", 400, "invalid_request_error")]
    [InlineData("k", "2023-06-01", "{\"model\":\"claude-sonnet-4\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", "v1/messages", 400, "invalid_request_error")]
    [InlineData("k", "2023-06-01", "{\"model\":\"claude-x\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", "v1/messages", 404, "not_found_error")]
    [InlineData("k", "2023-06-01", "{}", "v1/complete-me", 404, "not_found_error")]
    public async Task Anthropic_BadRequest_ReturnsAnthropicErrorJson(string? key, string? version, string body, string path, int status, string type)
    {
        await using var host = await Sim.StartAsync(null);
        using var client = new WireClient(host);

        using var response = await client.AnthropicAsync(body, key, version, path);
        var json = await WireClient.JsonOf(response);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("error", json.GetProperty("type").GetString());
        Assert.Equal(type, json.GetProperty("error").GetProperty("type").GetString());
        Assert.False(string.IsNullOrEmpty(json.GetProperty("error").GetProperty("message").GetString()));
        Assert.StartsWith("req_", response.Headers.GetValues("request-id").Single(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("gemini-2.5-flash", "generateContent", null, "{\"contents\":[{\"parts\":[{\"text\":\"hi\"}]}]}", 403, "PERMISSION_DENIED")]
    [InlineData("gemini-2.5-flash", "generateContent", "k", "{\"contents\":", 400, "INVALID_ARGUMENT")]
    [InlineData("gemini-2.5-flash", "generateContent", "k", "{}", 400, "INVALID_ARGUMENT")]
    [InlineData("gemini-9", "generateContent", "k", "{\"contents\":[{\"parts\":[{\"text\":\"hi\"}]}]}", 404, "NOT_FOUND")]
    [InlineData("gemini-2.5-flash", "embedEverything", "k", "{}", 404, "NOT_FOUND")]
    public async Task Gemini_BadRequest_ReturnsGoogleErrorJson(string model, string method, string? key, string body, int status, string statusName)
    {
        await using var host = await Sim.StartAsync(null);
        using var client = new WireClient(host);

        using var response = await client.GeminiAsync(model, body, method, key);
        var error = (await WireClient.JsonOf(response)).GetProperty("error");

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(status, error.GetProperty("code").GetInt32());
        Assert.Equal(statusName, error.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Gemini_UnknownEndpoint_Returns404InGoogleStyle()
    {
        await using var host = await Sim.StartAsync(null);
        using var client = new WireClient(host);

        using var response = await client.Http.PostAsync("v1beta/tunedModels/x:list", new StringContent("{}"));
        var error = (await WireClient.JsonOf(response)).GetProperty("error");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("NOT_FOUND", error.GetProperty("status").GetString());
    }

    [Fact]
    public async Task ErrorBurst_OpenAi_Returns503And429WithRetryAfterAnd500InOpenAiFormat()
    {
        await using var host = await Sim.StartAsync(null, Sim.Scenario(ScenarioNames.ErrorBurst, TimeSpan.Zero, TimeSpan.FromHours(1), parameters: AlwaysFail));
        using var client = new WireClient(host);
        var seen = new Dictionary<int, JsonElement>();
        for (var i = 0; i < 80; i++)
        {
            using var response = await client.OpenAiAsync(WireClient.OpenAiBody("hello " + i));
            var body = await WireClient.JsonOf(response);
            seen[(int)response.StatusCode] = body;
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                var retryAfter = int.Parse(response.Headers.GetValues("retry-after").Single(), System.Globalization.CultureInfo.InvariantCulture);
                Assert.InRange(retryAfter, 1, 20);
                Assert.Equal(retryAfter * 1000, int.Parse(response.Headers.GetValues("retry-after-ms").Single(), System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        Assert.Equal([429, 500, 503], seen.Keys.Order());
        Assert.Equal("rate_limit_exceeded", seen[429].GetProperty("error").GetProperty("code").GetString());
        Assert.Equal("server_error", seen[503].GetProperty("error").GetProperty("type").GetString());
        Assert.Equal("server_error", seen[500].GetProperty("error").GetProperty("type").GetString());
    }

    [Fact]
    public async Task ErrorBurst_Anthropic_Returns529OverloadedAnd429AndApiError()
    {
        await using var host = await Sim.StartAsync(null, Sim.Scenario(ScenarioNames.ErrorBurst, TimeSpan.Zero, TimeSpan.FromHours(1), parameters: AlwaysFail));
        using var client = new WireClient(host);
        var seen = new Dictionary<int, string>();
        for (var i = 0; i < 80; i++)
        {
            using var response = await client.AnthropicAsync(WireClient.AnthropicBody("hello " + i));
            seen[(int)response.StatusCode] = (await WireClient.JsonOf(response)).GetProperty("error").GetProperty("type").GetString()!;
            if ((int)response.StatusCode == 429)
            {
                Assert.True(response.Headers.Contains("retry-after"));
            }
        }

        Assert.Equal("overloaded_error", seen[529]);
        Assert.Equal("rate_limit_error", seen[429]);
        Assert.Equal("api_error", seen[500]);
        Assert.Equal(3, seen.Count);
    }

    [Fact]
    public async Task ErrorBurst_Gemini_ReturnsUnavailableResourceExhaustedAndInternal()
    {
        await using var host = await Sim.StartAsync(null, Sim.Scenario(ScenarioNames.ErrorBurst, TimeSpan.Zero, TimeSpan.FromHours(1), parameters: AlwaysFail));
        using var client = new WireClient(host);
        var seen = new Dictionary<int, string>();
        for (var i = 0; i < 80; i++)
        {
            using var response = await client.GeminiAsync("gemini-2.5-flash", WireClient.GeminiBody("hello " + i));
            seen[(int)response.StatusCode] = (await WireClient.JsonOf(response)).GetProperty("error").GetProperty("status").GetString()!;
        }

        Assert.Equal("UNAVAILABLE", seen[503]);
        Assert.Equal("RESOURCE_EXHAUSTED", seen[429]);
        Assert.Equal("INTERNAL", seen[500]);
        Assert.Equal(3, seen.Count);
    }

    [Fact]
    public async Task AuthOutage_EveryProtocol_Returns401InItsOwnFormat()
    {
        await using var host = await Sim.StartAsync(null, Sim.Scenario(ScenarioNames.AuthOutage, TimeSpan.Zero, TimeSpan.FromHours(1)));
        using var client = new WireClient(host);

        using var openAi = await client.OpenAiAsync(WireClient.OpenAiBody("hi"));
        using var anthropic = await client.AnthropicAsync(WireClient.AnthropicBody("hi"));
        using var gemini = await client.GeminiAsync("gemini-2.5-flash", WireClient.GeminiBody("hi"));

        Assert.Equal(401, (int)openAi.StatusCode);
        Assert.Equal("invalid_api_key", (await WireClient.JsonOf(openAi)).GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(401, (int)anthropic.StatusCode);
        Assert.Equal("authentication_error", (await WireClient.JsonOf(anthropic)).GetProperty("error").GetProperty("type").GetString());
        Assert.Equal(401, (int)gemini.StatusCode);
        Assert.Equal("UNAUTHENTICATED", (await WireClient.JsonOf(gemini)).GetProperty("error").GetProperty("status").GetString());
    }

    [Fact]
    public async Task ErrorMessages_NeverEchoTheApiKey()
    {
        const string secret = "sk-secret-do-not-echo-123";
        await using var host = await Sim.StartAsync(null, Sim.Scenario(ScenarioNames.AuthOutage, TimeSpan.Zero, TimeSpan.FromHours(1)));
        using var client = new WireClient(host);

        using var openAi = await client.OpenAiAsync(WireClient.OpenAiBody("hi"), secret);
        using var anthropic = await client.AnthropicAsync(WireClient.AnthropicBody("hi"), secret);

        Assert.DoesNotContain(secret, await openAi.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(secret, await anthropic.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
