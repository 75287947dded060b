using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace QualityWatch.Simulator.Tests.TestSupport;

/// <summary>Plain HTTP calls in each provider's wire format (Gemini has no SDK here; errors need raw bodies).</summary>
internal sealed class WireClient(SimulatorHost host) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = host.BaseUrl };

    public HttpClient Http => _http;

    public static string GeminiBody(string prompt, double? temperature = 0, int? maxOutputTokens = null)
    {
        var config = new JsonObject();
        if (temperature is { } t)
        {
            config["temperature"] = t;
        }

        if (maxOutputTokens is { } m)
        {
            config["maxOutputTokens"] = m;
        }

        return new JsonObject
        {
            ["contents"] = new JsonArray(new JsonObject
            {
                ["role"] = "user",
                ["parts"] = new JsonArray(new JsonObject { ["text"] = prompt }),
            }),
            ["generationConfig"] = config,
        }.ToJsonString();
    }

    public static string OpenAiBody(string prompt, string model = "gpt-4o-mini", string? user = null) =>
        new JsonObject
        {
            ["model"] = model,
            ["temperature"] = 0,
            ["user"] = user,
            ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = prompt }),
        }.ToJsonString();

    public static string AnthropicBody(string prompt, string model = "claude-sonnet-4") =>
        new JsonObject
        {
            ["model"] = model,
            ["max_tokens"] = 512,
            ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = prompt }),
        }.ToJsonString();

    public Task<HttpResponseMessage> GeminiAsync(string model, string body, string method = "generateContent", string? key = "AIza-test", string query = "", string? user = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"v1beta/models/{model}:{method}{query}") { Content = Json(body) };
        if (key is not null)
        {
            request.Headers.Add("x-goog-api-key", key);
        }

        if (user is not null)
        {
            request.Headers.Add("x-sim-user", user);
        }

        return _http.SendAsync(request);
    }

    public Task<HttpResponseMessage> OpenAiAsync(string body, string? key = "sk-test", string path = "v1/chat/completions")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = Json(body) };
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return _http.SendAsync(request);
    }

    public Task<HttpResponseMessage> AnthropicAsync(string body, string? key = "sk-ant-test", string? version = "2023-06-01", string path = "v1/messages")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = Json(body) };
        if (key is not null)
        {
            request.Headers.Add("x-api-key", key);
        }

        if (version is not null)
        {
            request.Headers.Add("anthropic-version", version);
        }

        return _http.SendAsync(request);
    }

    public static async Task<JsonElement> JsonOf(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public void Dispose() => _http.Dispose();

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
