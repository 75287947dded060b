using System.Net.ServerSentEvents;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using AiChatMessage = Microsoft.Extensions.AI.ChatMessage;
using AiFinishReason = Microsoft.Extensions.AI.ChatFinishReason;

namespace QualityWatch.Providers.Adapters;

/// <summary>
/// Gemini's REST API over HttpClient: <c>POST /v1beta/models/{model}:generateContent</c> (and
/// <c>:streamGenerateContent?alt=sse</c>) with the key in <c>x-goog-api-key</c>, never in the URL.
/// </summary>
internal sealed class GeminiChatClient : IChatClient
{
    private const string DefaultBaseUrl = "https://generativelanguage.googleapis.com";
    private readonly HttpClient _http;
    private readonly string _apiKey;
    private readonly Uri _generateUri;
    private readonly Uri _streamUri;
    private readonly ChatClientMetadata _metadata;

    public GeminiChatClient(ProviderOptions options, string apiKey, HttpClient httpClient)
    {
        _http = httpClient;
        _apiKey = apiKey;
        var root = (options.BaseUrl is { Length: > 0 } baseUrl ? baseUrl : DefaultBaseUrl).TrimEnd('/');
        var model = Uri.EscapeDataString(options.Model);
        _generateUri = new Uri($"{root}/v1beta/models/{model}:generateContent");
        _streamUri = new Uri($"{root}/v1beta/models/{model}:streamGenerateContent?alt=sse");
        _metadata = new ChatClientMetadata("gcp.gemini", new Uri(root), options.Model);
    }

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<AiChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        using var request = BuildRequest(_generateUri, messages, options);
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        var json = await JsonNode.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), cancellationToken: cancellationToken).ConfigureAwait(false)
            ?? throw new JsonException("empty Gemini response");
        var (text, rawFinish) = ReadCandidate(json);
        return new ChatResponse(new AiChatMessage(ChatRole.Assistant, text))
        {
            ResponseId = json["responseId"]?.GetValue<string>(),
            ModelId = json["modelVersion"]?.GetValue<string>(),
            FinishReason = Convert(rawFinish),
            Usage = ReadUsage(json),
            AdditionalProperties = new() { [ChatResponseFields.RawFinishReason] = rawFinish },
        };
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<AiChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var request = BuildRequest(_streamUri, messages, options);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        // The SSE parser joins multi-line data fields and skips comments and keep-alives, as the spec says.
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await foreach (var item in SseParser.Create(stream).EnumerateAsync(cancellationToken).ConfigureAwait(false))
        {
            var payload = item.Data.Trim();
            if (payload.Length == 0 || payload == "[DONE]")
            {
                continue;
            }

            var json = JsonNode.Parse(payload) ?? throw new JsonException("empty Gemini stream event");
            var (text, rawFinish) = ReadCandidate(json);
            var update = new ChatResponseUpdate(ChatRole.Assistant, text)
            {
                ResponseId = json["responseId"]?.GetValue<string>(),
                ModelId = json["modelVersion"]?.GetValue<string>(),
                FinishReason = Convert(rawFinish),
                AdditionalProperties = new() { [ChatResponseFields.RawFinishReason] = rawFinish },
            };
            if (ReadUsage(json) is { } usage)
            {
                update.Contents.Add(new UsageContent(usage));
            }

            yield return update;
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceType == typeof(ChatClientMetadata) ? _metadata : null;

    public void Dispose()
    {
    }

    private HttpRequestMessage BuildRequest(Uri uri, IEnumerable<AiChatMessage> messages, ChatOptions? options)
    {
        var contents = new JsonArray();
        var system = new StringBuilder();
        foreach (var message in messages)
        {
            if (message.Role == ChatRole.System)
            {
                system.Append(system.Length > 0 ? "\n" : string.Empty).Append(message.Text);
                continue;
            }

            contents.Add(new JsonObject
            {
                ["role"] = message.Role == ChatRole.Assistant ? "model" : "user",
                ["parts"] = new JsonArray(new JsonObject { ["text"] = message.Text }),
            });
        }

        var body = new JsonObject { ["contents"] = contents };
        if (system.Length > 0)
        {
            body["systemInstruction"] = new JsonObject { ["parts"] = new JsonArray(new JsonObject { ["text"] = system.ToString() }) };
        }

        var generation = new JsonObject();
        if (options?.Temperature is { } temperature)
        {
            generation["temperature"] = temperature;
        }

        if (options?.TopP is { } topP)
        {
            generation["topP"] = topP;
        }

        if (options?.MaxOutputTokens is { } maxTokens)
        {
            generation["maxOutputTokens"] = maxTokens;
        }

        if (options?.Seed is { } seed)
        {
            generation["seed"] = seed;
        }

        if (generation.Count > 0)
        {
            body["generationConfig"] = generation;
        }

        var request = new HttpRequestMessage(HttpMethod.Post, uri)
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("x-goog-api-key", _apiKey);
        return request;
    }

    private static (string Text, string? FinishReason) ReadCandidate(JsonNode json)
    {
        var candidate = json["candidates"]?.AsArray().FirstOrDefault();
        if (candidate is null)
        {
            return (string.Empty, null);
        }

        var text = new StringBuilder();
        if (candidate["content"]?["parts"]?.AsArray() is { } parts)
        {
            foreach (var part in parts)
            {
                if (part?["text"] is { } partText)
                {
                    text.Append(partText.GetValue<string>());
                }
            }
        }

        return (text.ToString(), candidate["finishReason"]?.GetValue<string>());
    }

    private static UsageDetails? ReadUsage(JsonNode json)
    {
        if (json["usageMetadata"] is not { } usage)
        {
            return null;
        }

        long? input = usage["promptTokenCount"]?.GetValue<long>();
        long? output = usage["candidatesTokenCount"]?.GetValue<long>();
        long? total = usage["totalTokenCount"]?.GetValue<long>() ?? (input + output);
        return new UsageDetails { InputTokenCount = input, OutputTokenCount = output, TotalTokenCount = total };
    }

    private static AiFinishReason? Convert(string? finishReason) => finishReason switch
    {
        null => null,
        "STOP" => AiFinishReason.Stop,
        "MAX_TOKENS" => AiFinishReason.Length,
        "SAFETY" or "RECITATION" or "BLOCKLIST" or "PROHIBITED_CONTENT" or "SPII" => AiFinishReason.ContentFilter,
        _ => new AiFinishReason(finishReason.ToLowerInvariant()),
    };
}
