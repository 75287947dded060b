using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using QualityWatch.Simulator.Engine;

namespace QualityWatch.Simulator.Apis;

/// <summary>OpenAI Chat Completions: <c>POST /v1/chat/completions</c>, JSON and SSE, with OpenAI's error JSON.</summary>
internal static class OpenAiApi
{
    private const int MaxTopLogprobs = 20;

    public static IEndpointRouteBuilder MapOpenAiApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/chat/completions", HandleAsync);
        return app;
    }

    public static Task WriteErrorAsync(HttpContext context, int status, string message, string type, string? code, string? param = null)
    {
        var body = new JsonObject
        {
            ["error"] = new JsonObject { ["message"] = message, ["type"] = type, ["param"] = param, ["code"] = code },
        };
        return WireSupport.WriteJsonAsync(context.Response, status, body, context.RequestAborted);
    }

    private static async Task HandleAsync(HttpContext context)
    {
        var runtime = context.RequestServices.GetRequiredService<SimulatorRuntime>();
        var authorization = context.Request.Headers.Authorization.ToString();
        var key = authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization[7..].Trim() : string.Empty;
        if (key.Length == 0)
        {
            await WriteErrorAsync(context, 401, "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).", "invalid_request_error", null);
            return;
        }

        if (await WireSupport.ReadJsonObjectAsync(context.Request, context.RequestAborted) is not { } body)
        {
            await WriteErrorAsync(context, 400, "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)", "invalid_request_error", null);
            return;
        }

        var modelName = WireSupport.String(body, "model");
        if (string.IsNullOrEmpty(modelName))
        {
            await WriteErrorAsync(context, 400, "you must provide a model parameter", "invalid_request_error", null);
            return;
        }

        if (!runtime.Engine.TryGetModel(modelName, out var model))
        {
            await WriteErrorAsync(context, 404, $"The model `{modelName}` does not exist or you do not have access to it.", "invalid_request_error", "model_not_found");
            return;
        }

        if (!body.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array || messages.GetArrayLength() == 0)
        {
            await WriteErrorAsync(context, 400, "Missing required parameter: 'messages'.", "invalid_request_error", "missing_required_parameter", "messages");
            return;
        }

        if (!TryReadLogprobs(body, out var topLogprobs, out var logprobsError))
        {
            await WriteErrorAsync(context, 400, logprobsError.Message, "invalid_request_error", logprobsError.Code, "top_logprobs");
            return;
        }

        var prompt = string.Empty;
        var characters = 0;
        foreach (var message in messages.EnumerateArray())
        {
            var text = message.ValueKind == JsonValueKind.Object && message.TryGetProperty("content", out var content) ? WireSupport.ContentText(content) : string.Empty;
            characters += text.Length;
            if (WireSupport.String(message, "role") == "user")
            {
                prompt = text;
            }
        }

        var request = new SimulatedRequest(
            WireProtocol.OpenAi,
            model.Name,
            prompt,
            characters,
            messages.GetArrayLength(),
            WireSupport.String(body, "user") ?? WireSupport.String(body, "safety_identifier") ?? NullIfEmpty(context.Request.Headers[WireSupport.UserHeader].ToString()),
            WireSupport.Number(body, "temperature"),
            WireSupport.Integer(body, "max_completion_tokens") ?? WireSupport.Integer(body, "max_tokens"),
            context.Connection.Id);
        var reply = runtime.Engine.Answer(request, runtime.Clock.GetUtcNow());
        if (reply.Error is { } error)
        {
            await WriteFailureAsync(context, error, reply.RetryAfterSeconds);
            return;
        }

        WireSupport.SetSimulationHeaders(context.Response, reply);
        var id = WireSupport.NewId("chatcmpl-");
        var created = reply.At.ToUnixTimeSeconds();
        var finishReason = reply.Truncated ? "length" : "stop";
        try
        {
            if (WireSupport.Flag(body, "stream"))
            {
                var includeUsage = body.TryGetProperty("stream_options", out var streamOptions) && streamOptions.ValueKind == JsonValueKind.Object && WireSupport.Flag(streamOptions, "include_usage");
                await StreamAsync(context, runtime, reply, id, created, finishReason, includeUsage, topLogprobs);
                return;
            }

            await runtime.SleepAsync(reply.Latency, context.RequestAborted);
            JsonNode? logprobs = topLogprobs is { } k
                ? Logprobs(LogprobWriter.For(WireSupport.Chunks(reply.Text), k, reply))
                : null;
            var completion = new JsonObject
            {
                ["id"] = id,
                ["object"] = "chat.completion",
                ["created"] = created,
                ["model"] = reply.Model,
                ["choices"] = new JsonArray(new JsonObject
                {
                    ["index"] = 0,
                    ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = reply.Text, ["refusal"] = null, ["annotations"] = new JsonArray() },
                    ["logprobs"] = logprobs,
                    ["finish_reason"] = finishReason,
                }),
                ["usage"] = Usage(reply),
                ["service_tier"] = "default",
                ["system_fingerprint"] = reply.Fingerprint,
            };
            await WireSupport.WriteJsonAsync(context.Response, 200, completion, context.RequestAborted);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away: not an error.
        }
    }

    private static async Task StreamAsync(HttpContext context, SimulatorRuntime runtime, SimulatedReply reply, string id, long created, string finishReason, bool includeUsage, int? topLogprobs)
    {
        var ct = context.RequestAborted;
        WireSupport.StartEventStream(context.Response);
        await runtime.SleepAsync(reply.TimeToFirstToken, ct);

        JsonObject Chunk(JsonObject delta, string? finish, JsonNode? logprobs = null) => new()
        {
            ["id"] = id,
            ["object"] = "chat.completion.chunk",
            ["created"] = created,
            ["model"] = reply.Model,
            ["service_tier"] = "default",
            ["system_fingerprint"] = reply.Fingerprint,
            ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = delta, ["logprobs"] = logprobs, ["finish_reason"] = finish }),
        };

        async Task SendAsync(JsonObject chunk)
        {
            if (includeUsage && !chunk.ContainsKey("usage"))
            {
                chunk["usage"] = null;
            }

            await context.Response.WriteAsync("data: " + chunk.ToJsonString() + "\n\n", ct);
            await context.Response.Body.FlushAsync(ct);
        }

        await SendAsync(Chunk(new JsonObject { ["role"] = "assistant", ["content"] = string.Empty, ["refusal"] = null }, null));
        var chunks = WireSupport.Chunks(reply.Text);
        var tokens = topLogprobs is { } k ? LogprobWriter.For(chunks, k, reply) : null;
        var pacer = runtime.Pacer(reply, chunks.Count);
        for (var i = 0; i < chunks.Count; i++)
        {
            // Each chunk is one token here, so its delta carries that token's log-probabilities, as OpenAI's do.
            await SendAsync(Chunk(new JsonObject { ["content"] = chunks[i] }, null, tokens is null ? null : Logprobs([tokens[i]])));
            await pacer.NextChunkAsync(ct);
        }

        await SendAsync(Chunk(new JsonObject(), finishReason));
        if (includeUsage)
        {
            var usageChunk = new JsonObject
            {
                ["id"] = id,
                ["object"] = "chat.completion.chunk",
                ["created"] = created,
                ["model"] = reply.Model,
                ["service_tier"] = "default",
                ["system_fingerprint"] = reply.Fingerprint,
                ["choices"] = new JsonArray(),
                ["usage"] = Usage(reply),
            };
            await SendAsync(usageChunk);
        }

        await context.Response.WriteAsync("data: [DONE]\n\n", ct);
        await context.Response.Body.FlushAsync(ct);
    }

    /// <summary>
    /// Reads <c>logprobs</c> and <c>top_logprobs</c>: the number of top candidates to report when log-probabilities were
    /// asked for (0 when only <c>logprobs</c> was), null when they were not; false with OpenAI's message when invalid.
    /// </summary>
    private static bool TryReadLogprobs(JsonElement body, out int? topLogprobs, out (string Message, string Code) error)
    {
        topLogprobs = null;
        error = default;
        var wanted = WireSupport.Flag(body, "logprobs");
        if (!body.TryGetProperty("top_logprobs", out var top) || top.ValueKind == JsonValueKind.Null)
        {
            topLogprobs = wanted ? 0 : null;
            return true;
        }

        // An integer too large for int is still an integer: out of range, not of the wrong type.
        var integral = top.ValueKind == JsonValueKind.Number && Math.Floor(top.GetDouble()) == top.GetDouble();
        if (!integral)
        {
            error = ($"Invalid type for 'top_logprobs': expected an integer, but got {KindName(top)} instead.", "invalid_type");
            return false;
        }

        var count = (int)Math.Clamp(top.GetDouble(), -1, MaxTopLogprobs + 1);
        if (count is < 0 or > MaxTopLogprobs)
        {
            error = count < 0
                ? ($"Invalid 'top_logprobs': integer below minimum value. Expected a value >= 0, but got {top.GetRawText()} instead.", "integer_below_min_value")
                : ($"Invalid 'top_logprobs': integer above maximum value. Expected a value <= {MaxTopLogprobs}, but got {top.GetRawText()} instead.", "integer_above_max_value");
            return false;
        }

        if (!wanted)
        {
            error = ("Invalid value for 'top_logprobs': 'logprobs' must be set to true when 'top_logprobs' is used.", "invalid_value");
            return false;
        }

        topLogprobs = count;
        return true;
    }

    private static string KindName(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a decimal",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Array => "an array",
        _ => "an object",
    };

    private static JsonObject Logprobs(IEnumerable<TokenLogprob> tokens)
    {
        var content = new JsonArray();
        foreach (var token in tokens)
        {
            var entry = Candidate(token.Chosen);
            entry["top_logprobs"] = new JsonArray(token.Top.Select(c => (JsonNode)Candidate(c)).ToArray());
            content.Add(entry);
        }

        return new JsonObject { ["content"] = content, ["refusal"] = null };
    }

    private static JsonObject Candidate(TokenCandidate candidate) => new()
    {
        ["token"] = candidate.Token,
        ["logprob"] = candidate.Logprob,
        ["bytes"] = new JsonArray(System.Text.Encoding.UTF8.GetBytes(candidate.Token).Select(b => (JsonNode)(int)b).ToArray()),
    };

    private static JsonObject Usage(SimulatedReply reply) => new()
    {
        ["prompt_tokens"] = reply.InputTokens,
        ["completion_tokens"] = reply.OutputTokens,
        ["total_tokens"] = reply.InputTokens + reply.OutputTokens,
        ["prompt_tokens_details"] = new JsonObject { ["cached_tokens"] = 0, ["audio_tokens"] = 0 },
        ["completion_tokens_details"] = new JsonObject
        {
            ["reasoning_tokens"] = 0, ["audio_tokens"] = 0, ["accepted_prediction_tokens"] = 0, ["rejected_prediction_tokens"] = 0,
        },
    };

    private static Task WriteFailureAsync(HttpContext context, SimulatedErrorKind error, int? retryAfterSeconds)
    {
        switch (error)
        {
            case SimulatedErrorKind.Unauthorized:
                return WriteErrorAsync(context, 401, "Incorrect API key provided. You can find your API key at https://platform.openai.com/account/api-keys.", "invalid_request_error", "invalid_api_key");
            case SimulatedErrorKind.RateLimited:
                var seconds = retryAfterSeconds ?? 1;
                context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                context.Response.Headers["retry-after-ms"] = (seconds * 1000).ToString(CultureInfo.InvariantCulture);
                return WriteErrorAsync(context, 429, $"Rate limit reached for requests. Please try again in {seconds}s.", "requests", "rate_limit_exceeded");
            case SimulatedErrorKind.Overloaded:
                return WriteErrorAsync(context, 503, "The server is overloaded or not ready yet.", "server_error", null);
            default:
                return WriteErrorAsync(context, 500, "The server had an error while processing your request. Sorry about that!", "server_error", null);
        }
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
