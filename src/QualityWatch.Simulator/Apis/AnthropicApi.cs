using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using QualityWatch.Simulator.Engine;

namespace QualityWatch.Simulator.Apis;

/// <summary>Anthropic Messages: <c>POST /v1/messages</c>, JSON and SSE events, with Anthropic's error JSON.</summary>
internal static class AnthropicApi
{
    public static IEndpointRouteBuilder MapAnthropicApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/messages", HandleAsync);
        return app;
    }

    public static Task WriteErrorAsync(HttpContext context, int status, string type, string message)
    {
        var requestId = WireSupport.NewId("req_");
        context.Response.Headers["request-id"] = requestId;
        var body = new JsonObject
        {
            ["type"] = "error",
            ["error"] = new JsonObject { ["type"] = type, ["message"] = message },
            ["request_id"] = requestId,
        };
        return WireSupport.WriteJsonAsync(context.Response, status, body, context.RequestAborted);
    }

    private static async Task HandleAsync(HttpContext context)
    {
        var runtime = context.RequestServices.GetRequiredService<SimulatorRuntime>();
        var key = context.Request.Headers["x-api-key"].ToString();
        var authorization = context.Request.Headers.Authorization.ToString();
        if (key.Length == 0 && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            key = authorization[7..].Trim();
        }

        if (key.Length == 0)
        {
            await WriteErrorAsync(context, 401, "authentication_error", "x-api-key header is required");
            return;
        }

        if (context.Request.Headers["anthropic-version"].ToString().Length == 0)
        {
            await WriteErrorAsync(context, 400, "invalid_request_error", "anthropic-version: header is required");
            return;
        }

        if (await WireSupport.ReadJsonObjectAsync(context.Request, context.RequestAborted) is not { } body)
        {
            await WriteErrorAsync(context, 400, "invalid_request_error", "There was an error parsing the body of your request. Please make sure the body is valid JSON.");
            return;
        }

        var modelName = WireSupport.String(body, "model");
        if (string.IsNullOrEmpty(modelName))
        {
            await WriteErrorAsync(context, 400, "invalid_request_error", "model: Field required");
            return;
        }

        var maxTokens = WireSupport.Integer(body, "max_tokens");
        if (maxTokens is null)
        {
            await WriteErrorAsync(context, 400, "invalid_request_error", "max_tokens: Field required");
            return;
        }

        if (!body.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array || messages.GetArrayLength() == 0)
        {
            await WriteErrorAsync(context, 400, "invalid_request_error", "messages: Field required");
            return;
        }

        if (!runtime.Engine.TryGetModel(modelName, out var model))
        {
            await WriteErrorAsync(context, 404, "not_found_error", $"model: {modelName}");
            return;
        }

        var prompt = string.Empty;
        var characters = body.TryGetProperty("system", out var system) ? WireSupport.ContentText(system).Length : 0;
        foreach (var message in messages.EnumerateArray())
        {
            var text = message.ValueKind == JsonValueKind.Object && message.TryGetProperty("content", out var content) ? WireSupport.ContentText(content) : string.Empty;
            characters += text.Length;
            if (WireSupport.String(message, "role") == "user")
            {
                prompt = text;
            }
        }

        var userKey = body.TryGetProperty("metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object ? WireSupport.String(metadata, "user_id") : null;
        var header = context.Request.Headers[WireSupport.UserHeader].ToString();
        var request = new SimulatedRequest(
            WireProtocol.Anthropic,
            model.Name,
            prompt,
            characters,
            messages.GetArrayLength(),
            userKey ?? (header.Length > 0 ? header : null),
            WireSupport.Number(body, "temperature"),
            maxTokens,
            context.Connection.Id);
        var reply = runtime.Engine.Answer(request, runtime.Clock.GetUtcNow());
        if (reply.Error is { } error)
        {
            await WriteFailureAsync(context, error, reply.RetryAfterSeconds);
            return;
        }

        WireSupport.SetSimulationHeaders(context.Response, reply);
        var id = WireSupport.NewId("msg_");
        var stopReason = reply.Truncated ? "max_tokens" : "end_turn";
        try
        {
            if (WireSupport.Flag(body, "stream"))
            {
                await StreamAsync(context, runtime, reply, id, stopReason);
                return;
            }

            await runtime.SleepAsync(reply.Latency, context.RequestAborted);
            var message = new JsonObject
            {
                ["id"] = id,
                ["type"] = "message",
                ["role"] = "assistant",
                ["model"] = reply.Model,
                ["content"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = reply.Text, ["citations"] = null }),
                ["stop_reason"] = stopReason,
                ["stop_sequence"] = null,
                ["container"] = null,
                ["usage"] = Usage(reply.InputTokens, reply.OutputTokens),
            };
            await WireSupport.WriteJsonAsync(context.Response, 200, message, context.RequestAborted);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away: not an error.
        }
    }

    private static async Task StreamAsync(HttpContext context, SimulatorRuntime runtime, SimulatedReply reply, string id, string stopReason)
    {
        var ct = context.RequestAborted;
        WireSupport.StartEventStream(context.Response);
        await runtime.SleepAsync(reply.TimeToFirstToken, ct);

        async Task SendAsync(string name, JsonObject data)
        {
            await context.Response.WriteAsync($"event: {name}\ndata: {data.ToJsonString()}\n\n", ct);
            await context.Response.Body.FlushAsync(ct);
        }

        await SendAsync("message_start", new JsonObject
        {
            ["type"] = "message_start",
            ["message"] = new JsonObject
            {
                ["id"] = id,
                ["type"] = "message",
                ["role"] = "assistant",
                ["model"] = reply.Model,
                ["content"] = new JsonArray(),
                ["stop_reason"] = null,
                ["stop_sequence"] = null,
                ["container"] = null,
                ["usage"] = Usage(reply.InputTokens, 1),
            },
        });
        await SendAsync("content_block_start", new JsonObject
        {
            ["type"] = "content_block_start",
            ["index"] = 0,
            ["content_block"] = new JsonObject { ["type"] = "text", ["text"] = string.Empty, ["citations"] = null },
        });
        await SendAsync("ping", new JsonObject { ["type"] = "ping" });
        var chunks = WireSupport.Chunks(reply.Text);
        var pacer = runtime.Pacer(reply, chunks.Count);
        foreach (var piece in chunks)
        {
            await SendAsync("content_block_delta", new JsonObject
            {
                ["type"] = "content_block_delta",
                ["index"] = 0,
                ["delta"] = new JsonObject { ["type"] = "text_delta", ["text"] = piece },
            });
            await pacer.NextChunkAsync(ct);
        }

        await SendAsync("content_block_stop", new JsonObject { ["type"] = "content_block_stop", ["index"] = 0 });
        await SendAsync("message_delta", new JsonObject
        {
            ["type"] = "message_delta",
            ["delta"] = new JsonObject { ["stop_reason"] = stopReason, ["stop_sequence"] = null, ["container"] = null },
            ["usage"] = new JsonObject
            {
                ["input_tokens"] = reply.InputTokens,
                ["output_tokens"] = reply.OutputTokens,
                ["cache_creation_input_tokens"] = null,
                ["cache_read_input_tokens"] = null,
                ["server_tool_use"] = null,
            },
        });
        await SendAsync("message_stop", new JsonObject { ["type"] = "message_stop" });
    }

    private static JsonObject Usage(int input, int output) => new()
    {
        ["input_tokens"] = input,
        ["output_tokens"] = output,
        ["cache_creation_input_tokens"] = 0,
        ["cache_read_input_tokens"] = 0,
        ["cache_creation"] = new JsonObject { ["ephemeral_5m_input_tokens"] = 0, ["ephemeral_1h_input_tokens"] = 0 },
        ["server_tool_use"] = null,
        ["service_tier"] = "standard",
    };

    private static Task WriteFailureAsync(HttpContext context, SimulatedErrorKind error, int? retryAfterSeconds)
    {
        switch (error)
        {
            case SimulatedErrorKind.Unauthorized:
                return WriteErrorAsync(context, 401, "authentication_error", "invalid x-api-key");
            case SimulatedErrorKind.RateLimited:
                context.Response.Headers.RetryAfter = (retryAfterSeconds ?? 1).ToString(CultureInfo.InvariantCulture);
                return WriteErrorAsync(context, 429, "rate_limit_error", "Number of requests has exceeded your rate limit. Please try again later.");
            case SimulatedErrorKind.Overloaded:
                return WriteErrorAsync(context, 529, "overloaded_error", "Overloaded");
            default:
                return WriteErrorAsync(context, 500, "api_error", "Internal server error");
        }
    }
}
