namespace QualityWatch.Collector.GenAi;

/// <summary>What <see cref="EncodedSpanAggregator"/> does with an attribute, by its key.</summary>
internal enum FastAttribute : byte
{
    /// <summary>Not read by the mapping: checked (length, UTF-8) and skipped.</summary>
    Unknown,

    /// <summary>Read by the mapping but not by the aggregator: the request takes the mapping path.</summary>
    MappingOnly,
    Provider,
    LegacySystem,
    Operation,
    RequestModel,
    ResponseModel,
    InputTokens,
    OutputTokens,
    PromptTokens,
    CompletionTokens,
    CacheReadInputTokens,
    ReasoningOutputTokens,
    FinishReasons,
    ErrorType,
    TimeToFirstChunk,
    Cost,
    OutputMessages,
    CompletionText,

    /// <summary>Read by the mapping for something no aggregate uses (JSON validity of the output): skipped.</summary>
    NotAggregated,
}
