using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf;
using QualityWatch.Collector.Otlp.Proto.Collector;

namespace QualityWatch.Collector.Otlp;

/// <summary>
/// The OTLP/JSON mapping (https://opentelemetry.io/docs/specs/otlp/#json-protobuf-encoding): proto3 JSON except that
/// trace and span ids are hex, not base64. Hex ids happen to be valid base64 too, so parsing them as proto3 JSON
/// would silently produce wrong bytes; they are rewritten to base64 first, then Google.Protobuf's parser (which
/// accepts lowerCamelCase names, enums as integers and int64 as strings) does the rest, ignoring unknown fields as
/// the specification requires.
/// </summary>
internal static class OtlpJson
{
    private static readonly JsonParser Parser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(true).WithRecursionLimit(64));

    /// <exception cref="FormatException">The body is not OTLP/JSON.</exception>
    public static ExportTraceServiceRequest ParseRequest(ReadOnlySpan<byte> utf8)
    {
        var request = Root(utf8, nameof(ExportTraceServiceRequest));
        foreach (var resourceSpans in Objects(request["resourceSpans"] ?? request["resource_spans"]))
        {
            foreach (var scopeSpans in Objects(resourceSpans["scopeSpans"] ?? resourceSpans["scope_spans"]))
            {
                foreach (var span in Objects(scopeSpans["spans"]))
                {
                    RewriteIds(span, "traceId", "trace_id", "spanId", "span_id", "parentSpanId", "parent_span_id");
                    foreach (var link in Objects(span["links"]))
                    {
                        RewriteIds(link, "traceId", "trace_id", "spanId", "span_id");
                    }
                }
            }
        }

        return Parse<ExportTraceServiceRequest>(request);
    }

    /// <exception cref="FormatException">The body is not OTLP/JSON.</exception>
    public static ExportMetricsServiceRequest ParseMetricsRequest(ReadOnlySpan<byte> utf8) =>
        Parse<ExportMetricsServiceRequest>(Root(utf8, nameof(ExportMetricsServiceRequest)));

    /// <exception cref="FormatException">The body is not OTLP/JSON.</exception>
    public static ExportLogsServiceRequest ParseLogsRequest(ReadOnlySpan<byte> utf8)
    {
        var request = Root(utf8, nameof(ExportLogsServiceRequest));
        foreach (var resourceLogs in Objects(request["resourceLogs"] ?? request["resource_logs"]))
        {
            foreach (var scopeLogs in Objects(resourceLogs["scopeLogs"] ?? resourceLogs["scope_logs"]))
            {
                foreach (var record in Objects(scopeLogs["logRecords"] ?? scopeLogs["log_records"]))
                {
                    RewriteIds(record, "traceId", "trace_id", "spanId", "span_id");
                }
            }
        }

        return Parse<ExportLogsServiceRequest>(request);
    }

    private static JsonObject Root(ReadOnlySpan<byte> utf8, string messageName)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(utf8, documentOptions: new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException exception)
        {
            throw new FormatException($"body is not valid JSON: {exception.Message}", exception);
        }

        return root as JsonObject ?? throw new FormatException($"body must be a JSON object ({messageName})");
    }

    private static T Parse<T>(JsonObject request)
        where T : IMessage, new()
    {
        try
        {
            return Parser.Parse<T>(request.ToJsonString());
        }
        catch (Exception exception) when (exception is InvalidProtocolBufferException or InvalidJsonException)
        {
            throw new FormatException($"body is not an OTLP {typeof(T).Name}: {exception.Message}", exception);
        }
    }

    public static string Format(IMessage message) => JsonFormatter.Default.Format(message);

    private static IEnumerable<JsonObject> Objects(JsonNode? node) =>
        node is JsonArray array ? array.OfType<JsonObject>() : [];

    private static void RewriteIds(JsonObject target, params string[] names)
    {
        foreach (var name in names)
        {
            if (target[name] is JsonValue value && value.TryGetValue<string>(out var hex) && hex.Length > 0)
            {
                byte[] bytes;
                try
                {
                    bytes = Convert.FromHexString(hex);
                }
                catch (FormatException exception)
                {
                    throw new FormatException($"{name} must be hex-encoded in OTLP/JSON", exception);
                }

                target[name] = Convert.ToBase64String(bytes);
            }
        }
    }
}
