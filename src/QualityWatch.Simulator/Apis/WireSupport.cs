using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using QualityWatch.Simulator.Engine;

namespace QualityWatch.Simulator.Apis;

/// <summary>Helpers shared by the three wire protocols.</summary>
internal static class WireSupport
{
    public const string UserHeader = "x-sim-user";

    /// <summary>Parses the body; null when it is not a JSON object (each protocol answers with its own error).</summary>
    public static async Task<JsonElement?> ReadJsonObjectAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        try
        {
            using var document = await JsonDocument.ParseAsync(request.Body, default, cancellationToken).ConfigureAwait(false);
            return document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement.Clone() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Text of a message content that is either a string or an array of <c>{type:"text", text}</c> parts.</summary>
    public static string ContentText(JsonElement content)
    {
        if (content.ValueKind == JsonValueKind.String)
        {
            return content.GetString() ?? string.Empty;
        }

        if (content.ValueKind != JsonValueKind.Array)
        {
            return string.Empty;
        }

        var builder = new StringBuilder();
        foreach (var part in content.EnumerateArray())
        {
            if (part.ValueKind == JsonValueKind.Object && part.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String)
            {
                if (builder.Length > 0)
                {
                    builder.Append('\n');
                }

                builder.Append(text.GetString());
            }
        }

        return builder.ToString();
    }

    public static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public static double? Number(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;

    public static int? Integer(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var i) ? i : null;

    public static bool Flag(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True;

    /// <summary>Ground-truth headers: simulated latency and the pool that served the call.</summary>
    public static void SetSimulationHeaders(HttpResponse response, SimulatedReply reply)
    {
        response.Headers["x-sim-latency-ms"] = reply.Latency.TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture);
        response.Headers["x-sim-ttft-ms"] = reply.TimeToFirstToken.TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture);
        response.Headers["x-sim-pool"] = reply.Pool;
        response.Headers["x-sim-virtual-time"] = reply.At.ToString("O", CultureInfo.InvariantCulture);
    }

    /// <summary>Splits text into stream chunks of roughly one token (a word with its trailing space).</summary>
    public static List<string> Chunks(string text)
    {
        var chunks = new List<string>();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == ' ' && i - start >= 3)
            {
                chunks.Add(text[start..(i + 1)]);
                start = i + 1;
            }
        }

        if (start < text.Length)
        {
            chunks.Add(text[start..]);
        }

        return chunks;
    }

    public static async Task WriteJsonAsync(HttpResponse response, int status, JsonNode body, CancellationToken cancellationToken)
    {
        response.StatusCode = status;
        response.ContentType = "application/json";
        await response.WriteAsync(body.ToJsonString(), cancellationToken).ConfigureAwait(false);
    }

    public static void StartEventStream(HttpResponse response)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache";
    }

    public static string NewId(string prefix) => prefix + Guid.NewGuid().ToString("N")[..24];
}
