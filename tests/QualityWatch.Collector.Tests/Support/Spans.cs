using Google.Protobuf;
using QualityWatch.Collector.Otlp.Proto.Collector;
using QualityWatch.Collector.Otlp.Proto.Common;
using QualityWatch.Collector.Otlp.Proto.Resource;
using QualityWatch.Collector.Otlp.Proto.Trace;

namespace QualityWatch.Collector.Tests.Support;

/// <summary>Builds OTLP requests for tests.</summary>
internal static class Spans
{
    public static ExportTraceServiceRequest Request(params Span[] spans) => RequestWithResource(new Resource(), spans);

    public static ExportTraceServiceRequest RequestWithResource(Resource resource, params Span[] spans)
    {
        var scope = new ScopeSpans { Scope = new InstrumentationScope { Name = "tests" } };
        scope.Spans.AddRange(spans);
        var resourceSpans = new ResourceSpans { Resource = resource };
        resourceSpans.ScopeSpans.Add(scope);
        var request = new ExportTraceServiceRequest();
        request.ResourceSpans.Add(resourceSpans);
        return request;
    }

    public static Span Llm(string provider = "openai", string model = "gpt-4o", DateTimeOffset? start = null, double seconds = 0.5, params KeyValue[] extra)
    {
        var begin = start ?? DateTimeOffset.UtcNow;
        var span = new Span
        {
            TraceId = ByteString.CopyFrom(Guid.NewGuid().ToByteArray()),
            SpanId = ByteString.CopyFrom(BitConverter.GetBytes(Random.Shared.NextInt64())),
            Name = $"chat {model}",
            Kind = Span.Types.SpanKind.Client,
            StartTimeUnixNano = Nanos(begin),
            EndTimeUnixNano = Nanos(begin.AddSeconds(seconds)),
        };
        span.Attributes.Add(Attr("gen_ai.provider.name", provider));
        span.Attributes.Add(Attr("gen_ai.operation.name", "chat"));
        span.Attributes.Add(Attr("gen_ai.request.model", model));
        span.Attributes.Add(Attr("gen_ai.usage.input_tokens", 12));
        span.Attributes.Add(Attr("gen_ai.usage.output_tokens", 34));
        span.Attributes.Add(new KeyValue { Key = "gen_ai.response.finish_reasons", Value = new AnyValue { ArrayValue = new ArrayValue { Values = { new AnyValue { StringValue = "stop" } } } } });
        span.Attributes.AddRange(extra);
        return span;
    }

    public static Span Plain(string name = "GET /")
    {
        var now = DateTimeOffset.UtcNow;
        return new Span { Name = name, StartTimeUnixNano = Nanos(now), EndTimeUnixNano = Nanos(now.AddMilliseconds(5)) };
    }

    public static ulong Nanos(DateTimeOffset time) => (ulong)(time - DateTimeOffset.UnixEpoch).Ticks * 100;

    public static KeyValue Attr(string key, string value) => new() { Key = key, Value = new AnyValue { StringValue = value } };

    public static KeyValue Attr(string key, long value) => new() { Key = key, Value = new AnyValue { IntValue = value } };

    public static KeyValue Attr(string key, double value) => new() { Key = key, Value = new AnyValue { DoubleValue = value } };

    public static ByteArrayContent Protobuf(IMessage message) => Protobuf(message.ToByteArray());

    public static ByteArrayContent Protobuf(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-protobuf");
        return content;
    }
}
