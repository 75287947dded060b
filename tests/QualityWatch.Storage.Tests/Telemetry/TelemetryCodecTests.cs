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
    public void DecodeParts_OfAnyFormatButThree_ThrowsInvalidData(byte format)
    {
        Assert.Throws<InvalidDataException>(() => TelemetryCodec.DecodeParts([format, 0]));
    }

    private static string Describe(BucketParts parts) => string.Join('\n', parts.All
        .OrderBy(p => p.Series, StringComparer.Ordinal).ThenBy(p => p.Start)
        .Select(p => p.Series + "@" + p.Start + "=" + Convert.ToHexString(p.Accumulator.Serialize(p.Key))));
}
