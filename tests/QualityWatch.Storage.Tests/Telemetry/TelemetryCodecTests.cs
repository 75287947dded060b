using QualityWatch.Core.Telemetry;
using QualityWatch.Storage.Telemetry;

namespace QualityWatch.Storage.Tests.Telemetry;

public sealed class TelemetryCodecTests
{
    private static List<TelemetryEvent> Varied()
    {
        var start = new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);
        var labels = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["region"] = "eu-west-1", ["suite"] = "geo" };
        var content = new ContentFeatures(42, new Dictionary<string, int>(StringComparer.Ordinal) { ["Latin"] = 30, ["Thai"] = 5 }, 5 / 35.0, true, false, "0123456789abcdef0123456789abcdef");
        return
        [
            TelemetryEvents.Call(start),
            TelemetryEvents.Call(start.AddSeconds(-90), "anthropic", "claude-sonnet-4", seconds: 12.25, error: "timeout", passed: 1, total: 3),
            new TelemetryEvent(
                new SeriesKey("openai", "gpt-4o", "chat", labels),
                new LlmCall(start.AddTicks(7), TimeSpan.Zero, null, "openai", "gpt-4o", null, "chat", null, 0, null, null, labels, content),
                123.456789m,
                0,
                0),
            new TelemetryEvent(
                SeriesKey.Of("other", "other", "other"),
                new LlmCall(start, TimeSpan.FromDays(1), TimeSpan.FromMilliseconds(1), "日本", "モデル", "r", "embeddings", long.MaxValue, 1, "length", "_OTHER", new SortedDictionary<string, string>(StringComparer.Ordinal), null),
                0.000001m,
                1,
                1),
        ];
    }

    [Fact]
    public void DecodeParts_OfEncodedParts_GivesBackEveryBucket()
    {
        var events = Varied();
        var parts = BucketParts.Of(events);

        var decoded = TelemetryCodec.DecodeParts(TelemetryCodec.EncodeParts(parts));

        Assert.Equal(Describe(parts), Describe(decoded));
        Assert.Equal(4, decoded.Count);
    }

    [Fact]
    public void DecodeParts_OfTruncatedPayload_ThrowsInvalidData()
    {
        var payload = TelemetryCodec.EncodeParts(BucketParts.Of(Varied()));

        Assert.Throws<InvalidDataException>(() => TelemetryCodec.DecodeParts(payload[..(payload.Length / 2)]));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(9)]
    public void DecodeParts_OfAnyFormatButThreeOrFour_ThrowsInvalidData(byte format)
    {
        Assert.Throws<InvalidDataException>(() => TelemetryCodec.DecodeParts([format, 0]));
    }

    // Written by the previous release (ingest log format 3, bucket part format 1): two calls of openai/gpt-4o in one
    // minute, 0.75 s and 1.5 s, before parts kept their slowest call.
    private const string Format3Payload = "0304066F70656E6169066770742D346F04636861740473746F700101020300809F8CB00D02000000021B012A010002A701016101285002000080800C010404000000000000";
    private const string PartFormat1 = "01066F70656E6169066770742D346F0463686174000200000002F2FFFFFF0115000000010002ACFFFFFF01CFFFFFFF01142802000000000000000000000000000300010473746F7002000000000000";

    private static readonly DateTimeOffset Minute = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

    private static TelemetryEvent Traced(double seconds, ulong spanId, int offsetSeconds = 0)
    {
        var call = TelemetryEvents.Call(Minute.AddSeconds(offsetSeconds), seconds: seconds);
        return call with { Call = call.Call with { Reference = new CallReference(new UInt128(0x0af7651916cd43dd, 0x8448eb211c80319c), spanId) } };
    }

    [Fact]
    public void DecodeParts_KeepsEachMinutesSlowestCall_WithItsTraceAndSpanId()
    {
        var parts = BucketParts.Of([Traced(0.4, 1), Traced(2.5, 0xb7ad6b7169203331, 10), Traced(0.9, 3, 20), TelemetryEvents.Call(Minute.AddSeconds(30), seconds: 9)]);

        var bucket = TelemetryCodec.DecodeParts(TelemetryCodec.EncodeParts(parts)).All.Single().Accumulator.ToBucket(SeriesKey.Of("openai", "gpt-4o"), Minute);

        // The 9 s call had no trace id: it counts in the latency, but cannot be an example.
        Assert.Equal(4, bucket.Count);
        Assert.Equal(2.5, bucket.Slowest!.DurationSeconds);
        Assert.Equal("0af7651916cd43dd8448eb211c80319c", bucket.Slowest.Call.TraceIdHex);
        Assert.Equal("b7ad6b7169203331", bucket.Slowest.Call.SpanIdHex);
    }

    [Fact]
    public void TheSlowestCall_DoesNotDependOnTheOrderPartsAreMerged()
    {
        var a = BucketParts.Of([Traced(1.0, 5)]).All.Single().Accumulator;
        var b = BucketParts.Of([Traced(1.0, 2)]).All.Single().Accumulator;
        var c = BucketParts.Of([Traced(0.5, 1)]).All.Single().Accumulator;

        var first = BucketParts.Of([Traced(0.1, 9)]).All.Single().Accumulator;
        first.Merge(a);
        first.Merge(b);
        first.Merge(c);
        var second = BucketParts.Of([Traced(0.1, 9)]).All.Single().Accumulator;
        second.Merge(c);
        second.Merge(b);
        second.Merge(a);

        Assert.Equal(2UL, first.SlowestCall.SpanId);
        Assert.Equal(first.SlowestCall, second.SlowestCall);
    }

    [Fact]
    public void DecodeParts_OfAFormatThreePayloadWrittenBeforeTheSlowestCall_StillFolds_WithoutOne()
    {
        var part = TelemetryCodec.DecodeParts(Convert.FromHexString(Format3Payload)).All.Single();
        var bucket = part.Accumulator.ToBucket(part.Key, Minute);

        Assert.Equal(2, bucket.Count);
        Assert.Null(bucket.Slowest);
        Assert.InRange(bucket.LatencyP95Seconds!.Value, 1.3, 1.6);
    }

    [Fact]
    public void ABucketPartStoredInFormatOne_ReadsBack_WithoutASlowestCall()
    {
        var (key, accumulator) = BucketAccumulator.Deserialize(Convert.FromHexString(PartFormat1));

        Assert.Equal("openai/gpt-4o/chat", key.Canonical);
        Assert.Equal(2, accumulator.Count);
        Assert.Null(accumulator.ToBucket(key, Minute).Slowest);
        var again = BucketAccumulator.Deserialize(accumulator.Serialize(key)).Accumulator;
        Assert.Equal(2, again.Count);
    }

    private static string Describe(BucketParts parts) => string.Join('\n', parts.All
        .OrderBy(p => p.Series, StringComparer.Ordinal).ThenBy(p => p.Start)
        .Select(p => p.Series + "@" + p.Start + "=" + Convert.ToHexString(p.Accumulator.Serialize(p.Key))));
}
