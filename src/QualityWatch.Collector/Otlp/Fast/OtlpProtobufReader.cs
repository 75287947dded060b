using QualityWatch.Core.Telemetry;
using QualityWatch.Collector.GenAi;
using QualityWatch.Collector.Otlp.Proto.Common;

namespace QualityWatch.Collector.Otlp.Fast;

/// <summary>
/// Maps an encoded <c>ExportTraceServiceRequest</c> straight from its bytes: walks ResourceSpans → ScopeSpans →
/// Span, turns into strings only the attributes the GenAI mapping reads, and skips the rest by wire type. It is the
/// hot path of OTLP/HTTP and gRPC protobuf ingestion; Google.Protobuf stays the reference. <see cref="IsWellFormed"/>
/// first validates every message Google.Protobuf would parse, with no side effect; whatever it does not accept
/// (malformed, or valid but unusual such as groups or repeated singular messages) goes to Google.Protobuf instead,
/// which either decodes it or rejects it with its own message, so rejection stays exactly as before.
/// </summary>
internal sealed class OtlpProtobufReader(GenAiSpanMapper mapper, EncodedSpanAggregator? aggregator = null)
{
    /// <summary>Deepest nesting the fast path follows; Google.Protobuf's own limit is 100.</summary>
    public const int MaxDepth = 48;

    private const uint Field1 = 10;
    private const uint Field2 = 18;
    private static readonly byte[] EvaluationEvent = "gen_ai.evaluation.result"u8.ToArray();
    private static readonly byte[] EvaluationLabel = "gen_ai.evaluation.score.label"u8.ToArray();
    private static readonly byte[] EvaluationScore = "gen_ai.evaluation.score.value"u8.ToArray();

    // A span's attributes, reused from span to span (grown when a span has more).
    private EncodedAttribute[] _attributes = new EncodedAttribute[16];
    private int _attributeCount;
    private readonly List<ProtoRange> _events = [];

    /// <summary>Whether the fast path takes <paramref name="body"/>; false sends it to Google.Protobuf.</summary>
    public static bool IsWellFormed(ReadOnlySpan<byte> body)
    {
        try
        {
            new OtlpProtobufReader(null!).Walk(body, null);
            return true;
        }
        catch (InvalidDataException)
        {
            return false;
        }
    }

    /// <summary>
    /// Validates the body as <see cref="IsWellFormed"/> does and, when it is, hands every span to the aggregator given
    /// at construction (which may still bail out, see <see cref="EncodedSpanAggregator.Bailed"/>).
    /// </summary>
    public bool TryAggregate(ReadOnlySpan<byte> body)
    {
        try
        {
            Walk(body, null);
            return true;
        }
        catch (InvalidDataException)
        {
            return false;
        }
    }

    /// <summary>Maps every span of a body <see cref="IsWellFormed"/> accepted, in request order.</summary>
    public void Map(ReadOnlySpan<byte> body, List<SpanMapping> mappings) => Walk(body, mappings);

    private void Walk(ReadOnlySpan<byte> data, List<SpanMapping>? mappings)
    {
        var reader = new ProtoReader(data, new ProtoRange(0, data.Length));
        while (!reader.AtEnd)
        {
            var tag = reader.ReadTag();
            if (tag == Field1)
            {
                ReadResourceSpans(data, reader.ReadLengthDelimited(), mappings);
            }
            else
            {
                reader.Skip(tag);
            }
        }
    }

    private void ReadResourceSpans(ReadOnlySpan<byte> data, ProtoRange range, List<SpanMapping>? mappings)
    {
        // The resource may follow its spans on the wire; its labels are needed first.
        SortedDictionary<string, string>? labels = null;
        var sawResource = false;
        var reader = new ProtoReader(data, range);
        while (!reader.AtEnd)
        {
            var tag = reader.ReadTag();
            if (tag == Field1)
            {
                if (sawResource)
                {
                    throw new InvalidDataException("repeated resource");
                }

                sawResource = true;
                labels = ReadResource(data, reader.ReadLengthDelimited(), mappings is not null || aggregator is not null);
            }
            else
            {
                reader.Skip(tag);
            }
        }

        aggregator?.UseResourceLabels(labels);
        reader = new ProtoReader(data, range);
        while (!reader.AtEnd)
        {
            var tag = reader.ReadTag();
            if (tag == Field2)
            {
                ReadScopeSpans(data, reader.ReadLengthDelimited(), labels, mappings);
            }
            else
            {
                reader.Skip(tag);
            }
        }
    }

    private SortedDictionary<string, string>? ReadResource(ReadOnlySpan<byte> data, ProtoRange range, bool mapping)
    {
        SortedDictionary<string, string>? labels = null;
        var reader = new ProtoReader(data, range);
        while (!reader.AtEnd)
        {
            var tag = reader.ReadTag();
            if (tag != Field1)
            {
                reader.Skip(tag);
                continue;
            }

            var attribute = EncodedAttribute.Read(data, reader.ReadLengthDelimited(), depth: 3);
            if (mapping && mapper.HasExtraLabels && attribute.HasValue
                && System.Text.Encoding.UTF8.GetString(attribute.Key.Of(data)) is var key
                && mapper.LabelFor(key) is { } label
                && GenAiSpanMapper.LabelValue(key, attribute.Value.ToAnyValue(data)) is { } value)
            {
                (labels ??= new(StringComparer.Ordinal))[label] = value;
            }
        }

        return labels;
    }

    private void ReadScopeSpans(ReadOnlySpan<byte> data, ProtoRange range, SortedDictionary<string, string>? resourceLabels, List<SpanMapping>? mappings)
    {
        var reader = new ProtoReader(data, range);
        while (!reader.AtEnd)
        {
            var tag = reader.ReadTag();
            if (tag == Field1)
            {
                ReadAttributeHolder(data, reader.ReadLengthDelimited(), attributesTag: 26, depth: 3);
            }
            else if (tag == Field2)
            {
                ReadSpan(data, reader.ReadLengthDelimited(), resourceLabels, mappings);
            }
            else
            {
                reader.Skip(tag);
            }
        }
    }

    private void ReadSpan(ReadOnlySpan<byte> data, ProtoRange range, SortedDictionary<string, string>? resourceLabels, List<SpanMapping>? mappings)
    {
        _attributeCount = 0;
        _events.Clear();
        var name = new ProtoRange(range.Start, 0);
        var traceId = new ProtoRange(range.Start, 0);
        var spanId = new ProtoRange(range.Start, 0);
        ulong start = 0, end = 0;
        var statusCode = 0;
        var statusMessage = new ProtoRange(range.Start, 0);
        var sawStatus = false;
        var reader = new ProtoReader(data, range);
        while (!reader.AtEnd)
        {
            var tag = reader.ReadTag();
            switch (tag)
            {
                case 10:
                    traceId = reader.ReadLengthDelimited();
                    break;
                case 18:
                    spanId = reader.ReadLengthDelimited();
                    break;
                case 42:
                    name = reader.ReadLengthDelimited();
                    break;
                case 57:
                    start = reader.ReadFixed64();
                    break;
                case 65:
                    end = reader.ReadFixed64();
                    break;
                case 74:
                    if (_attributeCount == _attributes.Length)
                    {
                        Array.Resize(ref _attributes, _attributes.Length * 2);
                    }

                    _attributes[_attributeCount++] = EncodedAttribute.Read(data, reader.ReadLengthDelimited(), depth: 4);
                    break;
                case 90:
                    var spanEvent = reader.ReadLengthDelimited();
                    ReadAttributeHolder(data, spanEvent, attributesTag: 26, depth: 4);
                    _events.Add(spanEvent);
                    break;
                case 106:
                    ReadAttributeHolder(data, reader.ReadLengthDelimited(), attributesTag: 34, depth: 4);
                    break;
                case 122:
                    // A second status would be merged into the first by Google.Protobuf: leave that to it.
                    if (sawStatus)
                    {
                        throw new InvalidDataException("repeated status");
                    }

                    sawStatus = true;
                    (statusCode, statusMessage) = ReadStatus(data, reader.ReadLengthDelimited());
                    break;
                default:
                    reader.Skip(tag);
                    break;
            }
        }

        if (mappings is null && aggregator is not { Bailed: false })
        {
            return;
        }

        int passed = 0, total = 0;
        OutputEvents? output = null;
        foreach (var spanEvent in _events)
        {
            var eventName = EventName(data, spanEvent);
            if (OutputEvents.IsOutputEvent(eventName))
            {
                ReadOutputEvent(data, spanEvent, System.Text.Encoding.UTF8.GetString(eventName), output ??= new OutputEvents());
            }
            else if (Evaluation(data, spanEvent) is { } eventPassed)
            {
                total++;
                passed += eventPassed ? 1 : 0;
            }
        }

        // The status message matters only to the mapping (see ErrorTypes); the aggregator leaves such spans to it.
        var message = mappings is not null && statusMessage.Length > 0 ? System.Text.Encoding.UTF8.GetString(statusMessage.Of(data)) : null;
        var envelope = new SpanEnvelope(!Utf8Text.IsCleanUtf8(name.Of(data)), start, end, statusCode == 2, passed, total, output, message,
            CallReference.FromBytes(traceId.Of(data), spanId.Of(data)));
        if (mappings is null)
        {
            aggregator!.Add(data, _attributes.AsSpan(0, _attributeCount), envelope);
        }
        else
        {
            mappings.Add(mapper.MapEncoded(data, _attributes.AsSpan(0, _attributeCount), resourceLabels, envelope));
        }
    }

    /// <summary>The name of an event (the last one on the wire, as Google.Protobuf would keep).</summary>
    private static ReadOnlySpan<byte> EventName(ReadOnlySpan<byte> data, ProtoRange spanEvent)
    {
        var name = new ProtoRange(spanEvent.Start, 0);
        var reader = new ProtoReader(data, spanEvent);
        while (!reader.AtEnd)
        {
            var tag = reader.ReadTag();
            if (tag == 18)
            {
                name = reader.ReadLengthDelimited();
            }
            else
            {
                reader.Skip(tag);
            }
        }

        return name.Of(data);
    }

    private static void ReadOutputEvent(ReadOnlySpan<byte> data, ProtoRange spanEvent, string name, OutputEvents output)
    {
        var reader = new ProtoReader(data, spanEvent);
        while (!reader.AtEnd)
        {
            var tag = reader.ReadTag();
            if (tag == 26)
            {
                var attribute = EncodedAttribute.Read(data, reader.ReadLengthDelimited(), depth: 5);
                output.Read(name, System.Text.Encoding.UTF8.GetString(attribute.Key.Of(data)), attribute.HasValue ? attribute.Value.ToAnyValue(data) : null);
            }
            else
            {
                reader.Skip(tag);
            }
        }
    }

    private static bool? Evaluation(ReadOnlySpan<byte> data, ProtoRange spanEvent)
    {
        var reader = new ProtoReader(data, spanEvent);
        var isEvaluation = false;
        string? label = null;
        double? score = null;
        while (!reader.AtEnd)
        {
            var tag = reader.ReadTag();
            if (tag == 18)
            {
                isEvaluation = reader.ReadLengthDelimited().Of(data).SequenceEqual(EvaluationEvent);
            }
            else if (tag == 26)
            {
                var attribute = EncodedAttribute.Read(data, reader.ReadLengthDelimited(), depth: 5);
                var key = attribute.Key.Of(data);
                var value = attribute.HasValue ? attribute.Value.ToAnyValue(data) : null;
                if (key.SequenceEqual(EvaluationLabel))
                {
                    label = GenAiSpanMapper.AsString(value);
                }
                else if (key.SequenceEqual(EvaluationScore))
                {
                    score = GenAiSpanMapper.AsDouble(value);
                }
            }
            else
            {
                reader.Skip(tag);
            }
        }

        return isEvaluation ? GenAiSpanMapper.EvaluationPassed(label, score) : null;
    }

    /// <summary>Validates a message whose only nested messages are KeyValue attributes (scope, event, link).</summary>
    private static void ReadAttributeHolder(ReadOnlySpan<byte> data, ProtoRange range, uint attributesTag, int depth)
    {
        var reader = new ProtoReader(data, range);
        while (!reader.AtEnd)
        {
            var tag = reader.ReadTag();
            if (tag == attributesTag)
            {
                EncodedAttribute.Read(data, reader.ReadLengthDelimited(), depth + 1);
            }
            else
            {
                reader.Skip(tag);
            }
        }
    }

    private static (int Code, ProtoRange Message) ReadStatus(ReadOnlySpan<byte> data, ProtoRange range)
    {
        var code = 0;
        var message = new ProtoRange(range.Start, 0);
        var reader = new ProtoReader(data, range);
        while (!reader.AtEnd)
        {
            var tag = reader.ReadTag();
            if (tag == 24)
            {
                code = (int)(uint)reader.ReadVarint();
            }
            else if (tag == 18)
            {
                message = reader.ReadLengthDelimited();
            }
            else
            {
                reader.Skip(tag);
            }
        }

        return (code, message);
    }
}
