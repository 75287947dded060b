using QualityWatch.Collector.GenAi;
using QualityWatch.Collector.Otlp.Proto.Common;
using QualityWatch.Collector.Otlp.Proto.Resource;
using QualityWatch.Collector.Otlp.Proto.Trace;
using QualityWatch.Collector.Tests.Support;

namespace QualityWatch.Collector.Tests.GenAi;

public sealed class GenAiSpanMapperTests
{
    private static GenAiSpanMapper Mapper(int cardinalityLimit = 100) =>
        new(new CollectorOptions { ExtraLabels = { ["region"] = "cloud.region" } }, TimeProvider.System, new SeriesCardinalityGuard(cardinalityLimit));

    private static Span Bare(params KeyValue[] attributes)
    {
        var span = Spans.Plain("llm");
        span.Attributes.AddRange(attributes);
        return span;
    }

    [Fact]
    public void Map_OpenLlmetryAttributes_ReadsSystemModelAndPromptCompletionTokens()
    {
        var mapping = Mapper().Map(Bare(Spans.Attr("gen_ai.system", "openai"), Spans.Attr("llm.request.type", "chat"), Spans.Attr("gen_ai.request.model", "gpt-4o-mini"),
            Spans.Attr("gen_ai.usage.prompt_tokens", 11), Spans.Attr("gen_ai.usage.completion_tokens", 22), Spans.Attr("gen_ai.completion.0.content", "Hello there")), null);

        Assert.Equal(SpanVerdict.Accepted, mapping.Verdict);
        var call = mapping.Event!.Call;
        Assert.Equal(("openai", "gpt-4o-mini", "chat", 11L, 22L), (call.Provider, call.RequestModel, call.Operation, call.InputTokens!.Value, call.OutputTokens!.Value));
        Assert.Equal(11, call.Content!.OutputLength);
    }

    [Fact]
    public void Map_OpenInferenceAttributes_ReadsProviderModelNameAndTokenCounts()
    {
        var mapping = Mapper().Map(Bare(Spans.Attr("openinference.span.kind", "LLM"), Spans.Attr("llm.provider", "anthropic"), Spans.Attr("llm.model_name", "claude-sonnet-4"),
            Spans.Attr("llm.token_count.prompt", 5), Spans.Attr("llm.token_count.completion", 9)), null);

        var call = mapping.Event!.Call;
        Assert.Equal(("anthropic", "claude-sonnet-4", "chat", 5L, 9L), (call.Provider, call.RequestModel, call.Operation, call.InputTokens!.Value, call.OutputTokens!.Value));
    }

    [Fact]
    public void Map_EvaluationEvents_BecomeQualityChecks()
    {
        var span = Spans.Llm();
        foreach (var label in new[] { "pass", "fail", "pass" })
        {
            span.Events.Add(new Span.Types.Event { Name = "gen_ai.evaluation.result", Attributes = { Spans.Attr("gen_ai.evaluation.score.label", label) } });
        }

        var mapping = Mapper().Map(span, null);
        Assert.Equal((2, 3), (mapping.Event!.QualityPassed, mapping.Event.QualityTotal));
    }

    [Fact]
    public void Map_CanarySpan_CarriesSuiteInSeriesAndOutcomeAsQuality()
    {
        var span = Spans.Llm(extra: [Spans.Attr("qualitywatch.canary.suite", "geo"), Spans.Attr("qualitywatch.canary.case_id", "capital-fr"), Spans.Attr("qualitywatch.canary.category", "facts"), Spans.Attr("qualitywatch.canary.outcome", "failed")]);
        var mapping = Mapper().Map(span, null);

        Assert.Equal("geo", mapping.Event!.Series.Labels["suite"]);
        Assert.Equal(new CanarySpan("geo", "capital-fr", "facts", "failed"), mapping.Canary);
        Assert.Equal((0, 1), (mapping.Event.QualityPassed, mapping.Event.QualityTotal));
    }

    [Fact]
    public void Map_UnavailableCanaryOnAnExtensionsAiSpan_TakesTheCanaryErrorTypeNotTheExceptionName()
    {
        // The canary runner's span comes from Microsoft.Extensions.AI: error.type is the exception's full name.
        var span = Spans.Llm(extra: [Spans.Attr("qualitywatch.canary.suite", "geo"), Spans.Attr("qualitywatch.canary.outcome", "unavailable"),
            Spans.Attr("qualitywatch.canary.error_type", "timeout"), Spans.Attr("error.type", "QualityWatch.Providers.ProviderUnavailableException")]);
        span.Status = new Status { Code = Status.Types.StatusCode.Error, Message = "sim-openai unavailable: timeout" };

        var mapping = Mapper().Map(span, null);

        Assert.Equal("timeout", mapping.Event!.Call.ErrorType);
        Assert.Equal("unavailable", mapping.Canary!.Outcome);
        Assert.Equal((0, 0), (mapping.Event.QualityPassed, mapping.Event.QualityTotal));
    }

    [Fact]
    public void Map_TimeToFirstChunk_IsReadFromApplicationSpansButNotFromCanarySpans()
    {
        var ttft = Spans.Attr("gen_ai.response.time_to_first_chunk", 0.25);

        var application = Mapper().Map(Spans.Llm(extra: [ttft]), null);
        var canary = Mapper().Map(Spans.Llm(extra: [ttft, Spans.Attr("qualitywatch.canary.suite", "geo"), Spans.Attr("qualitywatch.canary.outcome", "passed")]), null);

        Assert.Equal(TimeSpan.FromSeconds(0.25), application.Event!.Call.TimeToFirstToken);
        Assert.Null(canary.Event!.Call.TimeToFirstToken);
    }

    [Fact]
    public void Map_OutputWithThaiCharacters_RecordsFeaturesNotText()
    {
        var text = "The capital of France is Paris ครับ";
        var span = Spans.Llm(extra: [Spans.Attr("gen_ai.output.messages", $$"""[{"role":"assistant","parts":[{"type":"text","content":"{{text}}"}],"finish_reason":"stop"}]""")]);
        var content = Mapper().Map(span, null).Event!.Call.Content!;

        Assert.Equal(text.Length, content.OutputLength);
        Assert.Equal(4, content.ScriptCounts["Thai"]);
        Assert.InRange(content.UnexpectedScriptShare, 0.1, 0.2);
        Assert.Equal(32, content.OutputHash.Length);
        Assert.DoesNotContain("Paris", content.OutputHash, StringComparison.Ordinal);
    }

    [Fact]
    public void Map_ResourceRegion_BecomesSeriesLabel_AndNonLlmSpansAreIgnored()
    {
        var resource = new Resource { Attributes = { Spans.Attr("cloud.region", "ap-south-1") } };
        var mapper = Mapper();
        Assert.Equal("ap-south-1", mapper.Map(Spans.Llm(), resource).Event!.Series.Labels["region"]);
        Assert.Equal(SpanVerdict.Ignored, mapper.Map(Spans.Plain("GET /users"), resource).Verdict);
    }

    [Fact]
    public void Map_BeyondCardinalityLimit_CountsNewSeriesInOther()
    {
        var guard = new SeriesCardinalityGuard(2);
        var mapper = new GenAiSpanMapper(new CollectorOptions(), TimeProvider.System, guard);
        var models = new[] { "a", "b", "c", "d", "a" }.Select(m => mapper.Map(Spans.Llm(model: m), null).Event!.Series.Model).ToArray();

        Assert.Equal(["a", "b", "other", "other", "a"], models);
        Assert.Equal(2, guard.Overflowed);
    }

    [Fact]
    public void Map_ErrorStatusWithoutErrorType_IsAnErrorOfTypeOther()
    {
        var span = Spans.Llm();
        span.Status = new Status { Code = Status.Types.StatusCode.Error };
        Assert.Equal("_OTHER", Mapper().Map(span, null).Event!.Call.ErrorType);
    }
}
