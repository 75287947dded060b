using Google.Protobuf;
using QualityWatch.Collector.GenAi;
using QualityWatch.Collector.Otlp.Fast;
using QualityWatch.Collector.Otlp.Proto.Common;
using QualityWatch.Collector.Otlp.Proto.Resource;
using QualityWatch.Collector.Otlp.Proto.Trace;
using QualityWatch.Collector.Tests.Support;
using QualityWatch.Core.Telemetry;

namespace QualityWatch.Collector.Tests.GenAi;

/// <summary>
/// The GenAI dialects of Semantic Kernel 1.82 and Microsoft.Extensions.AI 10.11, span by span as they send them;
/// every case is mapped from the decoded span and from its protobuf bytes, which must agree.
/// </summary>
public sealed class GenAiSpanMapperDialectTests
{
    private static GenAiSpanMapper Mapper() =>
        new(new CollectorOptions { ExtraLabels = { ["server"] = "server.address" } }, TimeProvider.System, new SeriesCardinalityGuard(100));

    /// <summary>A chat span as Semantic Kernel's OpenAI connector sends it (gen_ai.system, singular finish reason, events).</summary>
    private static Span SemanticKernelChat(string finishReason = "[\"Stop\"]", string? choice = "{\"index\":0,\"message\":{\"role\":\"Assistant\",\"name\":null,\"content\":\"Paris is the capital of France.\",\"tool_calls\":[]},\"tool_calls\":[],\"finish_reason\":\"Stop\"}")
    {
        var span = Spans.Plain("chat gpt-4o-mini");
        span.Attributes.Add(Spans.Attr("gen_ai.operation.name", "chat"));
        span.Attributes.Add(Spans.Attr("gen_ai.system", "openai"));
        span.Attributes.Add(Spans.Attr("gen_ai.request.model", "gpt-4o-mini"));
        span.Attributes.Add(Spans.Attr("gen_ai.usage.input_tokens", 12));
        span.Attributes.Add(Spans.Attr("gen_ai.usage.output_tokens", 8));
        span.Attributes.Add(Spans.Attr("gen_ai.response.finish_reason", finishReason));
        span.Events.Add(new Span.Types.Event { Name = "gen_ai.user.message", Attributes = { Spans.Attr("gen_ai.event.content", "{\"role\":\"user\",\"content\":\"Capital of France?\"}") } });
        if (choice is not null)
        {
            span.Events.Add(new Span.Types.Event { Name = "gen_ai.choice", Attributes = { Spans.Attr("gen_ai.event.content", choice) } });
        }

        return span;
    }

    /// <summary>A chat span as Microsoft.Extensions.AI's OpenTelemetryChatClient sends it (finish reasons as one JSON string).</summary>
    private static Span ExtensionsAiChat(string finishReasons = "[\"stop\"]", params KeyValue[] extra)
    {
        var span = Spans.Plain("chat gpt-4o-mini");
        span.Attributes.Add(Spans.Attr("gen_ai.operation.name", "chat"));
        span.Attributes.Add(Spans.Attr("gen_ai.request.model", "gpt-4o-mini"));
        span.Attributes.Add(Spans.Attr("gen_ai.provider.name", "openai"));
        span.Attributes.Add(Spans.Attr("server.address", "api.openai.com"));
        span.Attributes.Add(Spans.Attr("server.port", 443));
        span.Attributes.Add(Spans.Attr("gen_ai.output.messages", "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"Paris.\"}],\"finish_reason\":\"stop\"}]"));
        span.Attributes.Add(Spans.Attr("gen_ai.response.finish_reasons", finishReasons));
        span.Attributes.Add(Spans.Attr("gen_ai.response.model", "gpt-4o-mini-2024-07-18"));
        span.Attributes.Add(Spans.Attr("gen_ai.usage.input_tokens", 20));
        span.Attributes.Add(Spans.Attr("gen_ai.usage.output_tokens", 30));
        span.Attributes.Add(Spans.Attr("gen_ai.usage.cache_read.input_tokens", 16));
        span.Attributes.Add(Spans.Attr("gen_ai.usage.reasoning.output_tokens", 24));
        span.Attributes.AddRange(extra);
        return span;
    }

    /// <summary>The mapping of the decoded span, after checking the encoded path maps its bytes to the same call.</summary>
    private static SpanMapping Map(Span span)
    {
        var decoded = Mapper().Map(span, new Resource());
        var mappings = new List<SpanMapping>();
        new OtlpProtobufReader(Mapper()).Map(Spans.Request(span).ToByteArray(), mappings);
        var encoded = Assert.Single(mappings);
        Assert.Equal(decoded.Verdict, encoded.Verdict);
        Assert.Equal(decoded.Event?.Series.Canonical, encoded.Event?.Series.Canonical);
        if (decoded.Event is { } expected)
        {
            var actual = encoded.Event!;
            Assert.Equal(expected.Call with { Labels = GenAiSpanMapper.NoLabels, Content = null }, actual.Call with { Labels = GenAiSpanMapper.NoLabels, Content = null });
            Assert.Equal(expected.Call.Content?.OutputHash, actual.Call.Content?.OutputHash);
            Assert.Equal(expected.Series.Labels, actual.Series.Labels);
        }
        return decoded;
    }

    [Fact]
    public void SemanticKernelChat_IsAnOpenAiCall_WithItsSingularFinishReasonAndTheChoiceEventsText()
    {
        var call = Map(SemanticKernelChat()).Event!.Call;

        Assert.Equal(("openai", "gpt-4o-mini", "chat", 12L, 8L, "stop"), (call.Provider, call.RequestModel, call.Operation, call.InputTokens!.Value, call.OutputTokens!.Value, call.FinishReason));
        Assert.Equal("Paris is the capital of France.".Length, call.Content!.OutputLength);
    }

    [Fact]
    public void SemanticKernelStreamingChat_WithFinishReasonNotAvailable_HasNoFinishReasonButItsText()
    {
        var call = Map(SemanticKernelChat("[\"N/A\"]", "{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Streamed answer\"},\"finish_reason\":null}")).Event!.Call;

        Assert.Null(call.FinishReason);
        Assert.Equal("Streamed answer".Length, call.Content!.OutputLength);
    }

    [Fact]
    public void SemanticKernelChat_CorruptedAnswerInTheChoiceEvent_HasAnUnexpectedScript()
    {
        var call = Map(SemanticKernelChat(choice: "{\"index\":0,\"message\":{\"role\":\"Assistant\",\"content\":\"The capital is Paris คำตอบ 日本.\"},\"finish_reason\":\"Stop\"}")).Event!.Call;

        Assert.True(call.Content!.UnexpectedScriptShare > 0);
        Assert.True(call.Content.ScriptCounts["Thai"] > 0);
    }

    [Fact]
    public void SemanticKernelChat_ChoiceEventFinishReason_FillsInWhenTheSpanHasNone()
    {
        var span = SemanticKernelChat(choice: "{\"index\":0,\"message\":{\"content\":\"Cut off\"},\"finish_reason\":\"Length\"}");
        span.Attributes.RemoveAt(span.Attributes.Count - 1);

        Assert.Equal("length", Map(span).Event!.Call.FinishReason);
    }

    [Fact]
    public void OlderCompletionEvent_GivesTheOutputText()
    {
        var span = SemanticKernelChat(choice: null);
        span.Events.Add(new Span.Types.Event { Name = "gen_ai.content.completion", Attributes = { Spans.Attr("gen_ai.completion", "[{\"role\":\"Assistant\",\"content\":\"Old style\"}]") } });

        Assert.Equal("Old style".Length, Map(span).Event!.Call.Content!.OutputLength);
    }

    [Fact]
    public void OutputAttributes_TakePrecedenceOverOutputEvents()
    {
        var span = SemanticKernelChat();
        span.Attributes.Add(Spans.Attr("gen_ai.completion", "From the attribute"));

        Assert.Equal("From the attribute".Length, Map(span).Event!.Call.Content!.OutputLength);
    }

    [Theory]
    [InlineData("execute_tool")]
    public void ToolExecutionSpan_IsNotAnLlmCall(string operation)
    {
        var span = Spans.Plain("execute_tool clock-now");
        span.Attributes.Add(Spans.Attr("gen_ai.operation.name", operation));
        span.Attributes.Add(Spans.Attr("gen_ai.tool.name", "clock-now"));
        span.Attributes.Add(Spans.Attr("gen_ai.tool.call.arguments", "{}"));
        span.Attributes.Add(Spans.Attr("error.type", "System.InvalidOperationException"));

        var mapping = Map(span);

        Assert.Equal(SpanVerdict.ToolExecution, mapping.Verdict);
        Assert.Null(mapping.Event);
    }

    [Theory]
    [InlineData("[\"stop\"]", "stop")]
    [InlineData("[\"length\"]", "length")]
    [InlineData("[\"content_filter\"]", "content_filter")]
    [InlineData("[\"tool_calls\"]", "tool_calls")]
    public void ExtensionsAiChat_FinishReasonsAsOneJsonString_AreTheirFirstValue(string raw, string expected)
    {
        Assert.Equal(expected, Map(ExtensionsAiChat(raw)).Event!.Call.FinishReason);
    }

    [Fact]
    public void ExtensionsAiChat_ContentFilterFinish_MarksTheOutputARefusal()
    {
        Assert.True(Map(ExtensionsAiChat("[\"content_filter\"]")).Event!.Call.Content!.Refusal);
    }

    [Fact]
    public void ExtensionsAiChat_CacheAndReasoningTokens_AreKept()
    {
        var call = Map(ExtensionsAiChat()).Event!.Call;

        Assert.Equal((20L, 30L, 16L, 24L), (call.InputTokens!.Value, call.OutputTokens!.Value, call.CacheReadInputTokens!.Value, call.ReasoningOutputTokens!.Value));
    }

    [Fact]
    public void ExtensionsAiFailure_ExceptionNameWithHttpStatusMessage_IsThatStatus()
    {
        var span = ExtensionsAiChat(extra: Spans.Attr("error.type", "System.ClientModel.ClientResultException"));
        span.Status = new Status { Code = Status.Types.StatusCode.Error, Message = "HTTP 429 (rate_limit_exceeded)\n\nRate limit reached." };

        Assert.Equal("429", Map(span).Event!.Call.ErrorType);
    }

    [Fact]
    public void ExtensionsAiFailure_TimeoutException_IsATimeout()
    {
        var span = ExtensionsAiChat(extra: Spans.Attr("error.type", "System.Threading.Tasks.TaskCanceledException"));
        span.Status = new Status { Code = Status.Types.StatusCode.Error, Message = "The operation was canceled." };

        Assert.Equal("timeout", Map(span).Event!.Call.ErrorType);
    }

    [Theory]
    [InlineData("https://api.openai.com/v1/", "api.openai.com")]
    [InlineData("http://127.0.0.1:5000", "127.0.0.1")]
    [InlineData("https://my-resource.openai.azure.com/openai/deployments/gpt", "my-resource.openai.azure.com")]
    [InlineData("api.openai.com", "api.openai.com")]
    [InlineData("not a url://", "not a url://")]
    public void ServerAddressHoldingAUrl_BecomesItsHostAsALabel(string address, string expected)
    {
        var span = SemanticKernelChat();
        span.Attributes.Add(Spans.Attr("server.address", address));

        Assert.Equal(expected, Map(span).Event!.Series.Labels["server"]);
    }

    [Fact]
    public void ServerAddressUrlOnTheResource_BecomesItsHostAsALabel()
    {
        var request = Spans.RequestWithResource(new Resource { Attributes = { Spans.Attr("server.address", "https://api.openai.com/v1/") } }, ExtensionsAiChat());
        var mappings = new List<SpanMapping>();
        new OtlpProtobufReader(Mapper()).Map(request.ToByteArray(), mappings);

        Assert.Equal("api.openai.com", Assert.Single(mappings).Event!.Series.Labels["server"]);
        Assert.Equal("api.openai.com", Mapper().Map(request.ResourceSpans[0].ScopeSpans[0].Spans[0], request.ResourceSpans[0].Resource).Event!.Series.Labels["server"]);
    }
}
