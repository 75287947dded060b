using System.Diagnostics.CodeAnalysis;
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

    public long? CacheReadInputTokens { get; private set; }

    public long? ReasoningOutputTokens { get; private set; }

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

    public string? CanaryErrorType { get; private set; }

    // One entry per attribute read; the fast protobuf reader looks keys up here without allocating them.
    private static readonly Dictionary<string, Action<SpanFields, AnyValue?>> Readers = new(StringComparer.Ordinal)
    {
        ["gen_ai.provider.name"] = static (f, v) => f.Provider = GenAiSpanMapper.AsString(v),
        ["gen_ai.system"] = static (f, v) => f.LegacySystem = GenAiSpanMapper.AsString(v),
        ["llm.provider"] = static (f, v) => f.LlmProvider = GenAiSpanMapper.AsString(v),
        ["llm.system"] = static (f, v) => f.LlmSystem = GenAiSpanMapper.AsString(v),
        ["gen_ai.operation.name"] = static (f, v) => f.Operation = GenAiSpanMapper.AsString(v),
        ["llm.request.type"] = static (f, v) => f.LlmRequestType = GenAiSpanMapper.AsString(v),
        ["openinference.span.kind"] = static (f, v) => f.OpenInferenceKind = GenAiSpanMapper.AsString(v),
        ["gen_ai.request.model"] = static (f, v) => f.RequestModel = GenAiSpanMapper.AsString(v),
        ["llm.request.model"] = static (f, v) => f.LlmRequestModel = GenAiSpanMapper.AsString(v),
        ["llm.model_name"] = static (f, v) => f.LlmModelName = GenAiSpanMapper.AsString(v),
        ["gen_ai.response.model"] = static (f, v) => f.ResponseModel = GenAiSpanMapper.AsString(v),
        ["llm.response.model"] = static (f, v) => f.LlmResponseModel = GenAiSpanMapper.AsString(v),
        ["gen_ai.usage.input_tokens"] = static (f, v) => f.InputTokens = GenAiSpanMapper.AsInt64(v),
        ["gen_ai.usage.output_tokens"] = static (f, v) => f.OutputTokens = GenAiSpanMapper.AsInt64(v),
        ["gen_ai.usage.prompt_tokens"] = static (f, v) => f.PromptTokens = GenAiSpanMapper.AsInt64(v),
        ["gen_ai.usage.completion_tokens"] = static (f, v) => f.CompletionTokens = GenAiSpanMapper.AsInt64(v),
        ["llm.usage.prompt_tokens"] = static (f, v) => f.LlmPromptTokens = GenAiSpanMapper.AsInt64(v),
        ["llm.usage.completion_tokens"] = static (f, v) => f.LlmCompletionTokens = GenAiSpanMapper.AsInt64(v),
        ["llm.token_count.prompt"] = static (f, v) => f.TokenCountPrompt = GenAiSpanMapper.AsInt64(v),
        ["llm.token_count.completion"] = static (f, v) => f.TokenCountCompletion = GenAiSpanMapper.AsInt64(v),
        ["gen_ai.usage.cache_read.input_tokens"] = static (f, v) => f.CacheReadInputTokens ??= GenAiSpanMapper.AsInt64(v),
        ["gen_ai.usage.cache_read_input_tokens"] = static (f, v) => f.CacheReadInputTokens ??= GenAiSpanMapper.AsInt64(v),
        ["llm.token_count.prompt_details.cache_read"] = static (f, v) => f.CacheReadInputTokens ??= GenAiSpanMapper.AsInt64(v),
        ["gen_ai.usage.reasoning.output_tokens"] = static (f, v) => f.ReasoningOutputTokens ??= GenAiSpanMapper.AsInt64(v),
        ["gen_ai.usage.reasoning_tokens"] = static (f, v) => f.ReasoningOutputTokens ??= GenAiSpanMapper.AsInt64(v),
        ["llm.token_count.completion_details.reasoning"] = static (f, v) => f.ReasoningOutputTokens ??= GenAiSpanMapper.AsInt64(v),
        ["gen_ai.response.finish_reasons"] = static (f, v) => f.FinishReason ??= GenAiSpanMapper.AsString(v),

        // Semantic Kernel's singular spelling, with the same JSON-encoded array as its value.
        ["gen_ai.response.finish_reason"] = static (f, v) => f.FinishReason ??= GenAiSpanMapper.AsString(v),
        ["llm.response.finish_reason"] = static (f, v) => f.FinishReason ??= GenAiSpanMapper.AsString(v),
        ["error.type"] = static (f, v) => f.ErrorType = GenAiSpanMapper.AsString(v),
        ["gen_ai.response.time_to_first_chunk"] = static (f, v) => f.TimeToFirstChunkSeconds ??= GenAiSpanMapper.AsDouble(v),
        ["gen_ai.server.time_to_first_token"] = static (f, v) => f.TimeToFirstChunkSeconds ??= GenAiSpanMapper.AsDouble(v),
        ["gen_ai.usage.cost"] = static (f, v) => f.Cost ??= GenAiSpanMapper.AsDouble(v),
        ["qualitywatch.cost_usd"] = static (f, v) => f.Cost ??= GenAiSpanMapper.AsDouble(v),
        ["llm.usage.cost"] = static (f, v) => f.Cost ??= GenAiSpanMapper.AsDouble(v),
        ["gen_ai.output.messages"] = static (f, v) => f.OutputMessages = GenAiSpanMapper.AsString(v),
        ["gen_ai.completion"] = static (f, v) => f.CompletionText ??= GenAiSpanMapper.AsString(v),
        ["gen_ai.completion.0.content"] = static (f, v) => f.CompletionText ??= GenAiSpanMapper.AsString(v),
        ["llm.output_messages.0.message.content"] = static (f, v) => f.CompletionText ??= GenAiSpanMapper.AsString(v),
        ["output.value"] = static (f, v) => f.CompletionText ??= GenAiSpanMapper.AsString(v),
        ["gen_ai.output.type"] = static (f, v) => f.OutputType = GenAiSpanMapper.AsString(v),
        ["openai.response.system_fingerprint"] = static (f, v) => f.SystemFingerprint ??= GenAiSpanMapper.AsString(v),
        ["gen_ai.openai.response.system_fingerprint"] = static (f, v) => f.SystemFingerprint ??= GenAiSpanMapper.AsString(v),
        ["qualitywatch.canary.suite"] = static (f, v) => f.CanarySuite = GenAiSpanMapper.AsString(v),
        ["qualitywatch.canary.case_id"] = static (f, v) => f.CanaryCaseId = GenAiSpanMapper.AsString(v),
        ["qualitywatch.canary.category"] = static (f, v) => f.CanaryCategory = GenAiSpanMapper.AsString(v),
        ["qualitywatch.canary.outcome"] = static (f, v) => f.CanaryOutcome = GenAiSpanMapper.AsString(v),
        ["qualitywatch.canary.error_type"] = static (f, v) => f.CanaryErrorType = GenAiSpanMapper.AsString(v),
    };

    private static readonly Dictionary<string, Action<SpanFields, AnyValue?>>.AlternateLookup<ReadOnlySpan<char>> ReadersBySpan = Readers.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Every attribute key this class reads.</summary>
    public static IEnumerable<string> Keys => Readers.Keys;

    /// <summary>Whether <paramref name="key"/> is an attribute this class reads, and its key string (no allocation).</summary>
    public static bool Reads(ReadOnlySpan<char> key, [NotNullWhen(true)] out string? knownKey) => ReadersBySpan.TryGetValue(key, out knownKey, out _);

    public void Read(string key, AnyValue? value)
    {
        if (Readers.TryGetValue(key, out var read))
        {
            read(this, value);
        }
    }
}
