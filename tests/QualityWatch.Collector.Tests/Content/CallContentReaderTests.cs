using FsCheck;
using FsCheck.Fluent;
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
    public void Hash_IsTheSha256OfTheUnitSeparatedMessages_ForAnyText()
    {
        // Stored hashes must not change between versions: identical calls share a hash across the whole history.
        var text = Gen.Elements("", "a", "東京", "🙂", "\ud800", "\udc00x", "\u001f", "role")
            .ArrayOf().Select(parts => string.Concat(parts));
        var message = Gen.Zip(text, text);
        var property = Prop.ForAll(Arb.From(message.ArrayOf()), Arb.From(message.ArrayOf()), (input, output) =>
        {
            var definition = string.Concat(input.Select(m => $"{m.Item1}\u001f{m.Item2}\u001e")) + "\u001d" + string.Concat(output.Select(m => $"{m.Item1}\u001f{m.Item2}\u001e"));
            var expected = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(definition)));

            Assert.Equal(expected, CallContentReader.Hash(input.Select(m => (m.Item1, m.Item2)).ToList(), output.Select(m => (m.Item1, m.Item2)).ToList()));
        });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(300), property);
    }

    [Theory]
    [InlineData("""[{"role":"assistant","parts":[{"type":"text","content":"Paris"}],"finish_reason":"stop"}]""")]
    [InlineData("""[{"role":"assistant","content":"Paris"},{"role":"assistant","content":" is the capital"}]""")]
    [InlineData("""[{"role":"assistant","parts":[{"type":"tool_call","name":"lookup"},{"type":"text","content":"Paris"}]}]""")]
    [InlineData("""{"messages":[{"role":"assistant","content":"Paris"}]}""")]
    [InlineData("""  [{"role":"assistant","parts":["Par", {"type":"text","text":"is"}]}]""")]
    [InlineData("""[{"role":"assistant","parts":[{"type":"text","content":"Pa""")]
    [InlineData(""""Paris"""")]
    [InlineData("Paris, plain text")]
    [InlineData("[]")]
    public void Map_ContentStorageOn_ParsesTheOutputOnce_AndDerivesWhatEachReaderDerivesAlone(string outputMessages)
    {
        // Features with storage off parse the output on their own; with storage on one parse feeds features and content.
        var span = Spans.Llm();
        span.Attributes.Add(Spans.Attr("gen_ai.input.messages", """[{"role":"user","content":"Capital of France?"}]"""));
        span.Attributes.Add(Spans.Attr("gen_ai.output.messages", outputMessages));
        var alone = Mapper(store: false).Map(span, null).Event!.Call.Content;
        var together = Mapper(store: true).Map(span, null);

        Assert.Equal(alone is null, together.Event!.Call.Content is null);
        if (alone is not null)
        {
            var features = together.Event.Call.Content!;
            Assert.Equal(alone with { ScriptCounts = features.ScriptCounts }, features);
            Assert.Equal(alone.ScriptCounts, features.ScriptCounts);
        }

        var output = together.Content!.Output;
        var expected = outputMessages switch
        {
            _ when outputMessages.Contains("Paris\"},{", StringComparison.Ordinal) => new[] { "Paris", " is the capital" },
            _ when outputMessages.Contains("tool_call", StringComparison.Ordinal) => ["{\"type\":\"tool_call\",\"name\":\"lookup\"}Paris"],
            _ when outputMessages.Contains("\"Par\"", StringComparison.Ordinal) => ["Paris"],
            _ when outputMessages.TrimStart().StartsWith('[') && outputMessages.EndsWith(']') && outputMessages != "[]" || outputMessages.StartsWith('{') => ["Paris"],

            // Empty, unparseable or not messages: no output is stored (and nothing else in the span supplies one).
            _ => [],
        };
        Assert.Equal(expected, output.Select(m => m.Text));
    }

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
