using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using QualityWatch.Simulator.Engine;

namespace QualityWatch.Simulator.Apis;

/// <summary>Gemini: <c>POST /v1beta/models/{model}:generateContent</c> and <c>:streamGenerateContent</c>
/// (SSE with <c>?alt=sse</c>, otherwise a streamed JSON array), with Google's error JSON.</summary>
internal static class GeminiApi
{
    public static IEndpointRouteBuilder MapGeminiApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1beta/models/{target}", HandleAsync);
        return app;
    }

    public static Task WriteErrorAsync(HttpContext context, int code, string status, string message)
    {
        var body = new JsonObject
        {
            ["error"] = new JsonObject { ["code"] = code, ["message"] = message, ["status"] = status },
        };
        return WireSupport.WriteJsonAsync(context.Response, code, body, context.RequestAborted);
    }

    private static async Task HandleAsync(HttpContext context, string target)
    {
        var runtime = context.RequestServices.GetRequiredService<SimulatorRuntime>();
        var colon = target.LastIndexOf(':');
        var modelName = colon >= 0 ? target[..colon] : target;
        var method = colon >= 0 ? target[(colon + 1)..] : string.Empty;
        if (method is not ("generateContent" or "streamGenerateContent"))
        {
            await WriteErrorAsync(context, 404, "NOT_FOUND", $"Method not found: {method}.");
            return;
        }

        var key = context.Request.Headers["x-goog-api-key"].ToString();
        if (key.Length == 0)
        {
            key = context.Request.Query["key"].ToString();
        }

        if (key.Length == 0)
        {
            await WriteErrorAsync(context, 403, "PERMISSION_DENIED", "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.");
            return;
        }

        if (await WireSupport.ReadJsonObjectAsync(context.Request, context.RequestAborted) is not { } body)
        {
            await WriteErrorAsync(context, 400, "INVALID_ARGUMENT", "Invalid JSON payload received. Unexpected token.");
            return;
        }

        if (modelName.Length == 0)
        {
            await WriteErrorAsync(context, 400, "INVALID_ARGUMENT", "* GenerateContentRequest.model: model is required");
            return;
        }

        if (!runtime.Engine.TryGetModel(modelName, out var model))
        {
            await WriteErrorAsync(context, 404, "NOT_FOUND", $"models/{modelName} is not found for API version v1beta, or is not supported for {method}. Call ListModels to see the list of available models and their supported methods.");
            return;
        }

        if (!body.TryGetProperty("contents", out var contents) || contents.ValueKind != JsonValueKind.Array || contents.GetArrayLength() == 0)
        {
            await WriteErrorAsync(context, 400, "INVALID_ARGUMENT", "* GenerateContentRequest.contents: contents is not specified");
            return;
        }

        var prompt = string.Empty;
        var characters = body.TryGetProperty("systemInstruction", out var system) && system.ValueKind == JsonValueKind.Object && system.TryGetProperty("parts", out var systemParts)
            ? WireSupport.ContentText(systemParts).Length
            : 0;
        foreach (var content in contents.EnumerateArray())
        {
            var text = content.ValueKind == JsonValueKind.Object && content.TryGetProperty("parts", out var parts) ? WireSupport.ContentText(parts) : string.Empty;
            characters += text.Length;
            if (content.ValueKind == JsonValueKind.Object && (WireSupport.String(content, "role") ?? "user") == "user")
            {
                prompt = text;
            }
        }

        var config = body.TryGetProperty("generationConfig", out var generation) && generation.ValueKind == JsonValueKind.Object ? generation : default;
        var header = context.Request.Headers[WireSupport.UserHeader].ToString();
        var request = new SimulatedRequest(
            WireProtocol.Gemini,
            model.Name,
            prompt,
            characters,
            contents.GetArrayLength(),
            header.Length > 0 ? header : null,
            config.ValueKind == JsonValueKind.Object ? WireSupport.Number(config, "temperature") : null,
            config.ValueKind == JsonValueKind.Object ? WireSupport.Integer(config, "maxOutputTokens") : null,
            context.Connection.Id);
        var reply = runtime.Engine.Answer(request, runtime.Clock.GetUtcNow());
        if (reply.Error is { } error)
        {
            await WriteFailureAsync(context, error, reply.RetryAfterSeconds);
            return;
        }

        WireSupport.SetSimulationHeaders(context.Response, reply);
        var responseId = WireSupport.NewId(string.Empty);
        try
        {
            if (method == "streamGenerateContent")
            {
                await StreamAsync(context, runtime, reply, responseId, string.Equals(context.Request.Query["alt"], "sse", StringComparison.OrdinalIgnoreCase));
                return;
            }

            await runtime.SleepAsync(reply.Latency, context.RequestAborted);
            await WireSupport.WriteJsonAsync(context.Response, 200, Response(reply, responseId, reply.Text, final: true), context.RequestAborted);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away: not an error.
        }
    }

    private static async Task StreamAsync(HttpContext context, SimulatorRuntime runtime, SimulatedReply reply, string responseId, bool sse)
    {
        var ct = context.RequestAborted;
        if (sse)
        {
            WireSupport.StartEventStream(context.Response);
        }
        else
        {
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/json; charset=UTF-8";
        }

        await runtime.SleepAsync(reply.TimeToFirstToken, ct);

        // Gemini streams a few large chunks rather than one per token.
        var words = WireSupport.Chunks(reply.Text);
        var pieces = words.Chunk(8).Select(c => string.Concat(c)).ToList();
        if (pieces.Count == 0)
        {
            pieces.Add(string.Empty);
        }

        var pacer = runtime.Pacer(reply, pieces.Count);
        if (!sse)
        {
            await context.Response.WriteAsync("[", ct);
        }

        for (var i = 0; i < pieces.Count; i++)
        {
            var json = Response(reply, responseId, pieces[i], final: i == pieces.Count - 1).ToJsonString();
            var frame = sse ? $"data: {json}\r\n\r\n" : (i == 0 ? json : ",\r\n" + json);
            await context.Response.WriteAsync(frame, ct);
            await context.Response.Body.FlushAsync(ct);
            await pacer.NextChunkAsync(ct);
        }

        if (!sse)
        {
            await context.Response.WriteAsync("]", ct);
        }
    }

    private static JsonObject Response(SimulatedReply reply, string responseId, string text, bool final)
    {
        var candidate = new JsonObject
        {
            ["content"] = new JsonObject
            {
                ["parts"] = new JsonArray(new JsonObject { ["text"] = text }),
                ["role"] = "model",
            },
            ["index"] = 0,
        };
        if (final)
        {
            candidate["finishReason"] = reply.Truncated ? "MAX_TOKENS" : "STOP";
        }

        return new JsonObject
        {
            ["candidates"] = new JsonArray(candidate),
            ["usageMetadata"] = new JsonObject
            {
                ["promptTokenCount"] = reply.InputTokens,
                ["candidatesTokenCount"] = final ? reply.OutputTokens : ModelEngine.Tokens(text.Length),
                ["totalTokenCount"] = reply.InputTokens + (final ? reply.OutputTokens : ModelEngine.Tokens(text.Length)),
                ["promptTokensDetails"] = new JsonArray(new JsonObject { ["modality"] = "TEXT", ["tokenCount"] = reply.InputTokens }),
            },
            ["modelVersion"] = reply.Model,
            ["responseId"] = responseId,
        };
    }

    private static Task WriteFailureAsync(HttpContext context, SimulatedErrorKind error, int? retryAfterSeconds)
    {
        switch (error)
        {
            case SimulatedErrorKind.Unauthorized:
                return WriteErrorAsync(context, 401, "UNAUTHENTICATED", "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.");
            case SimulatedErrorKind.RateLimited:
                context.Response.Headers.RetryAfter = (retryAfterSeconds ?? 1).ToString(CultureInfo.InvariantCulture);
                return WriteErrorAsync(context, 429, "RESOURCE_EXHAUSTED", "Resource has been exhausted (e.g. check quota).");
            case SimulatedErrorKind.Overloaded:
                return WriteErrorAsync(context, 503, "UNAVAILABLE", "The model is overloaded. Please try again later.");
            default:
                return WriteErrorAsync(context, 500, "INTERNAL", "An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting");
        }
    }
}
