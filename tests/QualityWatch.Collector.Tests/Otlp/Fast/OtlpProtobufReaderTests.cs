using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using Google.Protobuf;
using QualityWatch.Collector.GenAi;
using QualityWatch.Collector.Otlp.Fast;
using QualityWatch.Collector.Otlp.Proto.Collector;
using QualityWatch.Collector.Otlp.Proto.Common;
using QualityWatch.Collector.Otlp.Proto.Trace;
using QualityWatch.Collector.Tests.Support;

namespace QualityWatch.Collector.Tests.Otlp.Fast;

/// <summary>The fast protobuf reader maps exactly what Google.Protobuf + the mapper map, and takes nothing Google.Protobuf rejects.</summary>
public sealed class OtlpProtobufReaderTests
{
    private static CollectorOptions Options() => new()
    {
        ExtraLabels = { ["region"] = RandomOtlpRequests.RegionAttribute, ["server"] = RandomOtlpRequests.ServerAddressAttribute },
        Limits = new CollectorLimits { MaxAttributesPerSpan = 10, MaxAttributeValueLength = 60 },
    };

    private static GenAiSpanMapper Mapper() => new(Options(), TimeProvider.System, new SeriesCardinalityGuard(100_000));

    [Fact]
    public void Map_GeneratedRequests_GivesTheSameMappingsAsGoogleProtobuf()
    {
        var verdicts = new HashSet<string>();
        var property = Prop.ForAll(Arb.From(Gen.Choose(0, int.MaxValue)), seed =>
        {
            var bytes = RandomOtlpRequests.Build(seed).ToByteArray();
            Assert.True(OtlpProtobufReader.IsWellFormed(bytes));
            var expected = ViaGoogle(ExportTraceServiceRequest.Parser.ParseFrom(bytes));
            var actual = ViaFastReader(bytes);
            Assert.Equal(expected, actual);
            verdicts.UnionWith(expected.Select(e => e.Split('|')[0] + "|" + e.Split('|')[1].Split(' ')[0]));
        });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(400), property);

        // The generator reaches every verdict and the main reject reasons, so the comparison covered them.
        Assert.Contains("Accepted|", verdicts);
        Assert.Contains("Ignored|", verdicts);
        Assert.Contains("ToolExecution|", verdicts);
        Assert.Contains(verdicts, v => v.StartsWith("Rejected|span", StringComparison.Ordinal));
        Assert.Contains(verdicts, v => v.StartsWith("Rejected|attribute", StringComparison.Ordinal));
    }

    [Fact]
    public void IsWellFormed_MutatedRequests_OnlyWhatGoogleProtobufDecodesAndMapsTheSame()
    {
        var fastPathTaken = 0;
        var googleRejected = 0;
        var edit = Gen.Zip(Gen.Choose(0, int.MaxValue), Gen.Choose(0, 255), (position, value) => (position, value));
        var property = Prop.ForAll(Arb.From(Gen.Choose(0, int.MaxValue)), Arb.From(Gen.ArrayOf(edit)), Arb.From(Gen.Choose(0, 3)), (seed, edits, shape) =>
        {
            var bytes = RandomOtlpRequests.Build(seed).ToByteArray();
            foreach (var (position, value) in edits.Take(4))
            {
                bytes[position % bytes.Length] = (byte)value;
            }

            if (shape == 1)
            {
                bytes = bytes[..(seed % bytes.Length)];
            }

            ExportTraceServiceRequest? decoded = null;
            try
            {
                decoded = ExportTraceServiceRequest.Parser.ParseFrom(bytes);
            }
            catch (InvalidProtocolBufferException)
            {
                googleRejected++;
            }

            if (!OtlpProtobufReader.IsWellFormed(bytes))
            {
                return;
            }

            fastPathTaken++;
            Assert.NotNull(decoded);
            Assert.Equal(ViaGoogle(decoded), ViaFastReader(bytes));
        });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(600), property);

        // Both sides of the property were exercised.
        Assert.True(fastPathTaken > 50, $"fast path taken {fastPathTaken} times");
        Assert.True(googleRejected > 50, $"Google.Protobuf rejected {googleRejected} times");
    }

    [Fact]
    public void IsWellFormed_RandomBytes_NeverAcceptsWhatGoogleProtobufRejects()
    {
        var noise = Gen.Select(Gen.ArrayOf(Gen.Choose(0, 255)), values => values.Select(v => (byte)v).ToArray());
        var property = Prop.ForAll(Arb.From(noise), bytes =>
        {
            if (OtlpProtobufReader.IsWellFormed(bytes))
            {
                var decoded = ExportTraceServiceRequest.Parser.ParseFrom(bytes);
                Assert.Equal(ViaGoogle(decoded), ViaFastReader(bytes));
            }
        });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(2000), property);
    }

    [Theory]
    [InlineData(new byte[] { 0x0F, 0x96, 0x01 })] // wire type 7
    [InlineData(new byte[] { 0x0A, 0x05, 0x01 })] // length beyond the body
    [InlineData(new byte[] { 0x00 })] // field number 0
    [InlineData(new byte[] { 0x08, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01 })] // varint of 11 bytes
    public void IsWellFormed_MalformedBodies_LeavesTheVerdictToGoogleProtobufWhichRejects(byte[] body)
    {
        Assert.False(OtlpProtobufReader.IsWellFormed(body));
        Assert.Throws<InvalidProtocolBufferException>(() => ExportTraceServiceRequest.Parser.ParseFrom(body));
    }

    [Fact]
    public void IsWellFormed_UnknownFieldWithOtherWireType_IsSkippedLikeGoogleProtobuf()
    {
        // Field 1 (resource_spans) sent as a varint: a well-formed unknown field.
        Assert.True(OtlpProtobufReader.IsWellFormed([0x08, 0x96, 0x01]));
        Assert.Empty(ViaFastReader([0x08, 0x96, 0x01]));
    }

    [Fact]
    public void IsWellFormed_GroupsAndRepeatedSingularMessages_GoToGoogleProtobufWhichDecodesThem()
    {
        var span = Spans.Llm(model: "merged");
        span.Status = new Status { Code = Status.Types.StatusCode.Ok };
        var bytes = RequestAroundSpan(span.ToByteArray());
        var withSecondStatus = RequestAroundSpan([.. span.ToByteArray(), .. Wrap(15, new Status { Code = Status.Types.StatusCode.Error }.ToByteArray())]);

        Assert.True(OtlpProtobufReader.IsWellFormed(bytes));
        Assert.False(OtlpProtobufReader.IsWellFormed(withSecondStatus));
        var merged = ExportTraceServiceRequest.Parser.ParseFrom(withSecondStatus).ResourceSpans[0].ScopeSpans[0].Spans[0];
        Assert.Equal(Status.Types.StatusCode.Error, merged.Status.Code);

        // An empty group (field 20, start + end) is a valid unknown field for Google.Protobuf.
        byte[] group = [.. bytes, 0xA3, 0x01, 0xA4, 0x01];
        Assert.False(OtlpProtobufReader.IsWellFormed(group));
        Assert.Single(ExportTraceServiceRequest.Parser.ParseFrom(group).ResourceSpans);
    }

    [Fact]
    public void IsWellFormed_DeepNesting_FastPathStopsLongBeforeGoogleProtobufsLimit()
    {
        AnyValue Nested(int depth) => depth == 0 ? new AnyValue { StringValue = "leaf" } : new AnyValue { ArrayValue = new ArrayValue { Values = { Nested(depth - 1) } } };

        var shallow = Spans.Request(Spans.Llm(extra: new KeyValue { Key = "nested", Value = Nested(10) })).ToByteArray();
        var deep = Spans.Request(Spans.Llm(extra: new KeyValue { Key = "nested", Value = Nested(40) })).ToByteArray();
        var tooDeep = Spans.Request(Spans.Llm(extra: new KeyValue { Key = "nested", Value = Nested(60) })).ToByteArray();

        Assert.True(OtlpProtobufReader.IsWellFormed(shallow));
        Assert.False(OtlpProtobufReader.IsWellFormed(deep));
        ExportTraceServiceRequest.Parser.ParseFrom(deep);
        Assert.False(OtlpProtobufReader.IsWellFormed(tooDeep));
        Assert.Throws<InvalidProtocolBufferException>(() => ExportTraceServiceRequest.Parser.ParseFrom(tooDeep));
    }

    [Fact]
    public void Map_InvalidUtf8InKeyValueOrName_RejectsWithTheSameReasonAsGoogleProtobuf()
    {
        foreach (var placeholder in new[] { "KEYPLACEHOLDER", "VALUEPLACEHOLDER", "NAMEPLACEHOLDER" })
        {
            var span = Spans.Llm(extra: placeholder == "NAMEPLACEHOLDER" ? [] : [new KeyValue { Key = placeholder == "KEYPLACEHOLDER" ? placeholder : "k", Value = new AnyValue { StringValue = placeholder == "VALUEPLACEHOLDER" ? placeholder : "v" } }]);
            if (placeholder == "NAMEPLACEHOLDER")
            {
                span.Name = placeholder;
            }

            var bytes = Spans.Request(span).ToByteArray();
            var at = bytes.AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes(placeholder));
            (bytes[at], bytes[at + 1]) = (0xC3, 0x28);

            Assert.True(OtlpProtobufReader.IsWellFormed(bytes));
            var expected = ViaGoogle(ExportTraceServiceRequest.Parser.ParseFrom(bytes));
            Assert.StartsWith("Rejected|", Assert.Single(expected), StringComparison.Ordinal);
            Assert.Contains("UTF-8", expected[0], StringComparison.Ordinal);
            Assert.Equal(expected, ViaFastReader(bytes));
        }
    }

    private static byte[] RequestAroundSpan(byte[] span) => Wrap(1, Wrap(2, Wrap(2, span)));

    private static byte[] Wrap(int field, byte[] inner)
    {
        var prefix = new List<byte> { (byte)((field << 3) | 2) };
        for (var length = (uint)inner.Length; ; length >>= 7)
        {
            prefix.Add((byte)(length < 0x80 ? length : (length & 0x7F) | 0x80));
            if (length < 0x80)
            {
                break;
            }
        }

        return [.. prefix, .. inner];
    }

    private static List<string> ViaGoogle(ExportTraceServiceRequest request)
    {
        var mapper = Mapper();
        return request.ResourceSpans.SelectMany(r => r.ScopeSpans.SelectMany(s => s.Spans.Select(span => Describe(mapper.Map(span, r.Resource))))).ToList();
    }

    private static List<string> ViaFastReader(byte[] bytes)
    {
        var mappings = new List<SpanMapping>();
        new OtlpProtobufReader(Mapper()).Map(bytes, mappings);
        return mappings.ConvertAll(Describe);
    }

    private static string Describe(SpanMapping mapping)
    {
        if (mapping.Event is not { } e)
        {
            return $"{mapping.Verdict}|{mapping.RejectReason}";
        }

        var c = e.Call;
        var content = c.Content is { } f
            ? $"{f.OutputLength};{string.Join(',', f.ScriptCounts.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key}={s.Value}"))};{f.UnexpectedScriptShare.ToString("R", CultureInfo.InvariantCulture)};{f.JsonValid};{f.Refusal};{f.OutputHash}"
            : "-";
        var labels = string.Join(',', c.Labels.Select(l => $"{l.Key}={l.Value}"));
        return string.Join('|', mapping.Verdict, mapping.RejectReason, e.Series.Canonical, c.StartTime.UtcTicks, c.Duration.Ticks, c.TimeToFirstToken?.Ticks, c.Provider, c.RequestModel, c.ResponseModel,
            c.Operation, c.InputTokens, c.OutputTokens, c.FinishReason, c.ErrorType, labels, content, e.Cost, e.QualityPassed, e.QualityTotal, mapping.Canary, mapping.SystemFingerprint,
            c.CacheReadInputTokens, c.ReasoningOutputTokens);
    }
}
