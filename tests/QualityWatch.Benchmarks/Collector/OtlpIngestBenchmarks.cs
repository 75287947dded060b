using BenchmarkDotNet.Attributes;
using Google.Protobuf;
using QualityWatch.Collector;
using QualityWatch.Collector.GenAi;
using QualityWatch.Collector.Metrics;
using QualityWatch.Collector.Otlp.Fast;
using QualityWatch.Collector.Otlp.Proto.Collector;
using QualityWatch.Collector.Otlp.Proto.Common;
using QualityWatch.Collector.Otlp.Proto.Resource;
using QualityWatch.Collector.Otlp.Proto.Trace;
using QualityWatch.Storage.Telemetry;

namespace QualityWatch.Benchmarks.Collector;

/// <summary>
/// CPU cost of the ingest hot path per 500-span OTLP request: the fast reader (validate, then map straight from the
/// bytes) against Google.Protobuf decoding + mapping, then the per-request metric tally and the ingest-log payload.
/// </summary>
[ShortRunJob]
[MemoryDiagnoser]
public class OtlpIngestBenchmarks
{
    private byte[] _request = [];
    private byte[] _sdkLikeRequest = [];
    private ExportTraceServiceRequest _parsed = new();
    private GenAiSpanMapper _mapper = null!;
    private CollectorMetrics _metrics = null!;
    private List<SpanMapping> _mappings = [];

    [GlobalSetup]
    public void Setup()
    {
        var scope = new ScopeSpans();
        var now = (ulong)(DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).Ticks * 100;
        for (var i = 0; i < 500; i++)
        {
            var span = new Span
            {
                TraceId = ByteString.CopyFrom(Guid.NewGuid().ToByteArray()),
                SpanId = ByteString.CopyFrom(BitConverter.GetBytes((long)i)),
                Name = "chat gpt-4o",
                StartTimeUnixNano = now,
                EndTimeUnixNano = now + 250_000_000,
            };
            foreach (var (key, value) in new[] { ("gen_ai.provider.name", "openai"), ("gen_ai.operation.name", "chat"), ("gen_ai.request.model", "gpt-4o-" + (i % 4)), ("gen_ai.response.model", "gpt-4o-2025"), ("server.address", "api.example.com") })
            {
                span.Attributes.Add(new KeyValue { Key = key, Value = new AnyValue { StringValue = value } });
            }

            span.Attributes.Add(new KeyValue { Key = "gen_ai.usage.input_tokens", Value = new AnyValue { IntValue = 120 } });
            span.Attributes.Add(new KeyValue { Key = "gen_ai.usage.output_tokens", Value = new AnyValue { IntValue = 80 } });
            scope.Spans.Add(span);
        }

        _parsed = new ExportTraceServiceRequest { ResourceSpans = { new ResourceSpans { Resource = new Resource(), ScopeSpans = { scope } } } };
        _sdkLikeRequest = SdkLikeRequest(now);
        _request = _parsed.ToByteArray();
        _mapper = new GenAiSpanMapper(new CollectorOptions(), TimeProvider.System, new SeriesCardinalityGuard(1000));
        _metrics = new CollectorMetrics(new CollectorOptions(), TimeProvider.System, ExportedMeters.Create());
        _mappings = [];
        new OtlpProtobufReader(_mapper).Map(_request, _mappings);
    }

    private static byte[] SdkLikeRequest(ulong now)
    {
        var scope = new ScopeSpans { Scope = new InstrumentationScope { Name = "Experimental.Microsoft.Extensions.AI", Version = "9.5.0" } };
        for (var i = 0; i < 500; i++)
        {
            var span = new Span
            {
                TraceId = ByteString.CopyFrom(Guid.NewGuid().ToByteArray()),
                SpanId = ByteString.CopyFrom(BitConverter.GetBytes((long)i)),
                ParentSpanId = ByteString.CopyFrom(BitConverter.GetBytes((long)i + 1_000_000)),
                Name = "chat gpt-4o",
                Kind = Span.Types.SpanKind.Client,
                Flags = 0x301,
                StartTimeUnixNano = now,
                EndTimeUnixNano = now + 850_000_000,
                Status = new Status { Code = Status.Types.StatusCode.Ok },
            };
            foreach (var (key, value) in new[] { ("gen_ai.provider.name", "openai"), ("gen_ai.operation.name", "chat"), ("gen_ai.request.model", "gpt-4o-" + (i % 4)), ("gen_ai.response.model", "gpt-4o-2025-08-06"), ("gen_ai.response.finish_reasons", "stop"), ("server.address", "api.openai.com") })
            {
                span.Attributes.Add(new KeyValue { Key = key, Value = new AnyValue { StringValue = value } });
            }

            span.Attributes.Add(new KeyValue { Key = "server.port", Value = new AnyValue { IntValue = 443 } });
            span.Attributes.Add(new KeyValue { Key = "gen_ai.usage.input_tokens", Value = new AnyValue { IntValue = 1834 + i } });
            span.Attributes.Add(new KeyValue { Key = "gen_ai.usage.output_tokens", Value = new AnyValue { IntValue = 412 } });
            span.Attributes.Add(new KeyValue { Key = "gen_ai.usage.cost", Value = new AnyValue { DoubleValue = 0.0125 } });
            span.Events.Add(new Span.Types.Event
            {
                Name = "gen_ai.evaluation.result",
                TimeUnixNano = now + 900_000_000,
                Attributes = { new KeyValue { Key = "gen_ai.evaluation.score.label", Value = new AnyValue { StringValue = "passed" } } },
            });
            scope.Spans.Add(span);
        }

        var resource = new Resource { Attributes = { new KeyValue { Key = "service.name", Value = new AnyValue { StringValue = "checkout-assistant" } } } };
        return new ExportTraceServiceRequest { ResourceSpans = { new ResourceSpans { Resource = resource, ScopeSpans = { scope } } } }.ToByteArray();
    }

    [Benchmark]
    public bool FastValidate500Spans() => OtlpProtobufReader.IsWellFormed(_request);

    /// <summary>
    /// The validation pass on spans shaped like an instrumented SDK's: parent id, kind, flags (a two-byte tag), status,
    /// token counts above 127 (two-byte varints), a double cost and an evaluation event.
    /// </summary>
    [Benchmark]
    public bool FastValidate500SdkLikeSpans() => OtlpProtobufReader.IsWellFormed(_sdkLikeRequest);

    [Benchmark]
    public int FastValidateAndMap500Spans()
    {
        var mappings = new List<SpanMapping>(500);
        if (OtlpProtobufReader.IsWellFormed(_request))
        {
            new OtlpProtobufReader(_mapper).Map(_request, mappings);
        }

        return mappings.Count;
    }

    [Benchmark]
    public int GoogleDecodeAndMap500Spans()
    {
        var accepted = 0;
        foreach (var span in ExportTraceServiceRequest.Parser.ParseFrom(_request).ResourceSpans[0].ScopeSpans[0].Spans)
        {
            accepted += _mapper.Map(span, null).Verdict == SpanVerdict.Accepted ? 1 : 0;
        }

        return accepted;
    }

    [Benchmark]
    public void RecordMetrics500Spans() => _metrics.Record(_mappings);

    [Benchmark]
    public int Decode500Spans() => ExportTraceServiceRequest.Parser.ParseFrom(_request).ResourceSpans[0].ScopeSpans[0].Spans.Count;

    [Benchmark]
    public int Map500Spans()
    {
        var accepted = 0;
        foreach (var span in _parsed.ResourceSpans[0].ScopeSpans[0].Spans)
        {
            accepted += _mapper.Map(span, null).Verdict == SpanVerdict.Accepted ? 1 : 0;
        }

        return accepted;
    }
}
