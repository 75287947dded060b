using QualityWatch.Collector.Otlp.Proto.Trace;

namespace QualityWatch.Collector.Tests.Support;

/// <summary>LLM spans carrying prompt and completion content the way each instrumentation family records it.</summary>
internal static class ContentSpans
{
    public const string Semconv = "semconv";
    public const string OpenLlmetry = "openllmetry";
    public const string LegacyAttributes = "legacy-attributes";
    public const string OpenInference = "openinference";
    public const string OpenInferenceValues = "openinference-values";
    public const string SpanEvents = "span-events";
    public const string MessageEvents = "message-events";

    public static IEnumerable<string> Conventions => [Semconv, OpenLlmetry, LegacyAttributes, OpenInference, OpenInferenceValues, SpanEvents, MessageEvents];

    /// <summary>A span whose system prompt, user prompt and completion are <paramref name="system"/>, <paramref name="prompt"/>, <paramref name="completion"/>.</summary>
    public static Span With(string convention, string system, string prompt, string completion, string model = "gpt-4o", DateTimeOffset? start = null)
    {
        var span = Spans.Llm(model: model, start: start);
        switch (convention)
        {
            case Semconv:
                span.Attributes.Add(Spans.Attr("gen_ai.system_instructions", $$"""[{"type":"text","content":{{Json(system)}}}]"""));
                span.Attributes.Add(Spans.Attr("gen_ai.input.messages", $$"""[{"role":"user","parts":[{"type":"text","content":{{Json(prompt)}}}]}]"""));
                span.Attributes.Add(Spans.Attr("gen_ai.output.messages", $$"""[{"role":"assistant","parts":[{"type":"text","content":{{Json(completion)}}}],"finish_reason":"stop"}]"""));
                break;
            case OpenLlmetry:
                span.Attributes.Add(Spans.Attr("gen_ai.prompt.0.role", "system"));
                span.Attributes.Add(Spans.Attr("gen_ai.prompt.0.content", system));
                span.Attributes.Add(Spans.Attr("gen_ai.prompt.1.role", "user"));
                span.Attributes.Add(Spans.Attr("gen_ai.prompt.1.content", prompt));
                span.Attributes.Add(Spans.Attr("gen_ai.completion.0.role", "assistant"));
                span.Attributes.Add(Spans.Attr("gen_ai.completion.0.content", completion));
                break;
            case LegacyAttributes:
                span.Attributes.Add(Spans.Attr("gen_ai.prompt", $$"""[{"role":"system","content":{{Json(system)}}},{"role":"user","content":{{Json(prompt)}}}]"""));
                span.Attributes.Add(Spans.Attr("gen_ai.completion", completion));
                break;
            case OpenInference:
                span.Attributes.Add(Spans.Attr("llm.input_messages.1.message.role", "user"));
                span.Attributes.Add(Spans.Attr("llm.input_messages.1.message.content", prompt));
                span.Attributes.Add(Spans.Attr("llm.input_messages.0.message.role", "system"));
                span.Attributes.Add(Spans.Attr("llm.input_messages.0.message.content", system));
                span.Attributes.Add(Spans.Attr("llm.output_messages.0.message.role", "assistant"));
                span.Attributes.Add(Spans.Attr("llm.output_messages.0.message.content", completion));
                break;
            case OpenInferenceValues:
                span.Attributes.Add(Spans.Attr("input.value", $$"""{"model":"gpt-4o","messages":[{"role":"system","content":{{Json(system)}}},{"role":"user","content":[{"type":"text","text":{{Json(prompt)}}}]}]}"""));
                span.Attributes.Add(Spans.Attr("output.value", completion));
                break;
            case SpanEvents:
                span.Events.Add(new Span.Types.Event
                {
                    Name = "gen_ai.content.prompt",
                    TimeUnixNano = span.StartTimeUnixNano,
                    Attributes = { Spans.Attr("gen_ai.prompt", $$"""[{"role":"system","content":{{Json(system)}}},{"role":"user","content":{{Json(prompt)}}}]""") },
                });
                span.Events.Add(new Span.Types.Event
                {
                    Name = "gen_ai.content.completion",
                    TimeUnixNano = span.EndTimeUnixNano,
                    Attributes = { Spans.Attr("gen_ai.completion", $$"""[{"role":"assistant","content":{{Json(completion)}}}]""") },
                });
                break;
            case MessageEvents:
                // Azure AI Inference / Agents style: one event per message, the message as JSON in gen_ai.event.content.
                span.Events.Add(Event(span, "gen_ai.system.message", $$"""{"content":{{Json(system)}}}"""));
                span.Events.Add(Event(span, "gen_ai.user.message", """{"role":"user","content":{"text":{"value":""" + Json(prompt) + "}}}"));
                span.Events.Add(Event(span, "gen_ai.choice", """{"finish_reason":"stop","index":0,"message":{"content":""" + Json(completion) + "}}"));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(convention), convention, null);
        }

        return span;
    }

    public static string TraceId(Span span) => Convert.ToHexStringLower(span.TraceId.Span);

    public static string SpanId(Span span) => Convert.ToHexStringLower(span.SpanId.Span);

    private static Span.Types.Event Event(Span span, string name, string content) => new()
    {
        Name = name,
        TimeUnixNano = span.StartTimeUnixNano,
        Attributes = { Spans.Attr("gen_ai.system", "az.ai.inference"), Spans.Attr("gen_ai.event.content", content) },
    };

    private static string Json(string text) => System.Text.Json.JsonSerializer.Serialize(text);
}
