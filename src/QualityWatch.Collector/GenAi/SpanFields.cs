using QualityWatch.Collector.Otlp.Proto.Common;

namespace QualityWatch.Collector.GenAi;

/// <summary>The attributes the mapper reads, collected in one pass over a span's attributes.</summary>
internal sealed class SpanFields
{
    public string? Provider { get; private set; }

    public string? LegacySystem { get; private set; }

    public string? LlmProvider { get; private set; }

    public string? LlmSystem { get; private set; }

    public string? Operation { get; private set; }

    public string? LlmRequestType { get; private set; }

    public string? OpenInferenceKind { get; private set; }

    public string? RequestModel { get; private set; }

    public string? LlmRequestModel { get; private set; }

    public string? LlmModelName { get; private set; }

    public string? ResponseModel { get; private set; }

    public string? LlmResponseModel { get; private set; }

    public long? InputTokens { get; private set; }

    public long? OutputTokens { get; private set; }

    public long? PromptTokens { get; private set; }

    public long? CompletionTokens { get; private set; }

    public long? LlmPromptTokens { get; private set; }

    public long? LlmCompletionTokens { get; private set; }

    public long? TokenCountPrompt { get; private set; }

    public long? TokenCountCompletion { get; private set; }

    public string? FinishReason { get; private set; }

    public string? ErrorType { get; private set; }

    public double? TimeToFirstChunkSeconds { get; private set; }

    public double? Cost { get; private set; }

    public string? OutputMessages { get; private set; }

    public string? CompletionText { get; private set; }

    public string? OutputType { get; private set; }

    public string? SystemFingerprint { get; private set; }

    public string? CanarySuite { get; private set; }

    public string? CanaryCaseId { get; private set; }

    public string? CanaryCategory { get; private set; }

    public string? CanaryOutcome { get; private set; }

    public void Read(string key, AnyValue? value)
    {
        switch (key)
        {
            case "gen_ai.provider.name": Provider = GenAiSpanMapper.AsString(value); break;
            case "gen_ai.system": LegacySystem = GenAiSpanMapper.AsString(value); break;
            case "llm.provider": LlmProvider = GenAiSpanMapper.AsString(value); break;
            case "llm.system": LlmSystem = GenAiSpanMapper.AsString(value); break;
            case "gen_ai.operation.name": Operation = GenAiSpanMapper.AsString(value); break;
            case "llm.request.type": LlmRequestType = GenAiSpanMapper.AsString(value); break;
            case "openinference.span.kind": OpenInferenceKind = GenAiSpanMapper.AsString(value); break;
            case "gen_ai.request.model": RequestModel = GenAiSpanMapper.AsString(value); break;
            case "llm.request.model": LlmRequestModel = GenAiSpanMapper.AsString(value); break;
            case "llm.model_name": LlmModelName = GenAiSpanMapper.AsString(value); break;
            case "gen_ai.response.model": ResponseModel = GenAiSpanMapper.AsString(value); break;
            case "llm.response.model": LlmResponseModel = GenAiSpanMapper.AsString(value); break;
            case "gen_ai.usage.input_tokens": InputTokens = GenAiSpanMapper.AsInt64(value); break;
            case "gen_ai.usage.output_tokens": OutputTokens = GenAiSpanMapper.AsInt64(value); break;
            case "gen_ai.usage.prompt_tokens": PromptTokens = GenAiSpanMapper.AsInt64(value); break;
            case "gen_ai.usage.completion_tokens": CompletionTokens = GenAiSpanMapper.AsInt64(value); break;
            case "llm.usage.prompt_tokens": LlmPromptTokens = GenAiSpanMapper.AsInt64(value); break;
            case "llm.usage.completion_tokens": LlmCompletionTokens = GenAiSpanMapper.AsInt64(value); break;
            case "llm.token_count.prompt": TokenCountPrompt = GenAiSpanMapper.AsInt64(value); break;
            case "llm.token_count.completion": TokenCountCompletion = GenAiSpanMapper.AsInt64(value); break;
            case "gen_ai.response.finish_reasons":
            case "llm.response.finish_reason":
                FinishReason ??= GenAiSpanMapper.AsString(value);
                break;
            case "error.type": ErrorType = GenAiSpanMapper.AsString(value); break;
            case "gen_ai.response.time_to_first_chunk":
            case "gen_ai.server.time_to_first_token":
                TimeToFirstChunkSeconds ??= GenAiSpanMapper.AsDouble(value);
                break;
            case "gen_ai.usage.cost":
            case "qualitywatch.cost_usd":
            case "llm.usage.cost":
                Cost ??= GenAiSpanMapper.AsDouble(value);
                break;
            case "gen_ai.output.messages": OutputMessages = GenAiSpanMapper.AsString(value); break;
            case "gen_ai.completion":
            case "gen_ai.completion.0.content":
            case "llm.output_messages.0.message.content":
            case "output.value":
                CompletionText ??= GenAiSpanMapper.AsString(value);
                break;
            case "gen_ai.output.type": OutputType = GenAiSpanMapper.AsString(value); break;
            case "openai.response.system_fingerprint":
            case "gen_ai.openai.response.system_fingerprint":
                SystemFingerprint ??= GenAiSpanMapper.AsString(value);
                break;
            case "qualitywatch.canary.suite": CanarySuite = GenAiSpanMapper.AsString(value); break;
            case "qualitywatch.canary.case_id": CanaryCaseId = GenAiSpanMapper.AsString(value); break;
            case "qualitywatch.canary.category": CanaryCategory = GenAiSpanMapper.AsString(value); break;
            case "qualitywatch.canary.outcome": CanaryOutcome = GenAiSpanMapper.AsString(value); break;
            default: break;
        }
    }
}
