using Google.Protobuf;
using QualityWatch.Collector.Content;
using QualityWatch.Collector.GenAi;
using QualityWatch.Collector.Tests.Support;

namespace QualityWatch.Collector.Tests.Content;

public sealed class CallContentReaderTests
{
    private static GenAiSpanMapper Mapper(bool store, int maxCharacters = 8192) =>
        new(new CollectorOptions { Content = new CallContentOptions { Store = store, MaxCharactersPerMessage = maxCharacters } }, TimeProvider.System, new SeriesCardinalityGuard(100));

    [Fact]
    public void Map_ContentStorageOff_CarriesNoContent()
    {
        var span = ContentSpans.With(ContentSpans.Semconv, "sys", "question", "answer");
        var mapper = Mapper(store: false);
        var mapping = mapper.Map(span, null);

        Assert.False(mapper.StoresContent);
        Assert.Null(mapping.Content);
        Assert.NotNull(mapping.Event!.Call.Content);
    }

    [Fact]
    public void Map_ContentStorageOn_CarriesIdsSeriesTimeAndMessages()
    {
        var start = DateTimeOffset.UtcNow.AddMinutes(-5);
        var span = ContentSpans.With(ContentSpans.Semconv, "sys", "question", "answer", model: "m", start: start);
        var mapper = Mapper(store: true);
        var content = mapper.Map(span, null).Content!;

        Assert.True(mapper.StoresContent);
        Assert.Equal(ContentSpans.TraceId(span), content.TraceId);
        Assert.Equal(ContentSpans.SpanId(span), content.SpanId);
        Assert.Equal("openai/m/chat", content.Series);
        Assert.Equal(start.ToUnixTimeMilliseconds(), content.StartTime.ToUnixTimeMilliseconds());
        Assert.Equal(["system", "user"], content.Input.Select(m => m.Role));
        Assert.Equal("answer", Assert.Single(content.Output).Text);
    }

    [Fact]
    public void Map_SpanWithoutValidIds_StoresNoContent_ButIsStillCounted()
    {
        var span = ContentSpans.With(ContentSpans.Semconv, "sys", "question", "answer");
        span.TraceId = ByteString.Empty;
        var mapping = Mapper(store: true).Map(span, null);

        Assert.Equal(SpanVerdict.Accepted, mapping.Verdict);
        Assert.Null(mapping.Content);
    }

    [Fact]
    public void Map_TruncationNeverSplitsASurrogatePair()
    {
        var span = ContentSpans.With(ContentSpans.OpenLlmetry, "sys", "q", "ab🙂cd");
        var output = Assert.Single(Mapper(store: true, maxCharacters: 3).Map(span, null).Content!.Output);

        Assert.Equal("ab", output.Text);
        Assert.True(output.Truncated);
    }

    [Fact]
    public void Map_NonTextPartsAreKeptAsTheirJson()
    {
        var span = Spans.Llm(extra:
        [
            Spans.Attr("gen_ai.output.messages", """[{"role":"assistant","parts":[{"type":"text","content":"Calling."},{"type":"tool_call","id":"c1","name":"weather","arguments":{"city":"Paris"}}]}]"""),
        ]);
        var output = Assert.Single(Mapper(store: true).Map(span, null).Content!.Output);

        Assert.StartsWith("Calling.\n{", output.Text, StringComparison.Ordinal);
        Assert.Contains("\"weather\"", output.Text, StringComparison.Ordinal);
    }
}
