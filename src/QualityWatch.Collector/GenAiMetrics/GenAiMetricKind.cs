namespace QualityWatch.Collector.GenAiMetrics;

/// <summary>The GenAI client metrics the collector reads (https://opentelemetry.io/docs/specs/semconv/gen-ai/gen-ai-metrics/).</summary>
internal enum GenAiMetricKind
{
    /// <summary>Not a metric the collector reads.</summary>
    None,

    /// <summary><c>gen_ai.client.operation.duration</c>: one observation per call, in seconds; it counts the calls.</summary>
    OperationDuration,

    /// <summary><c>gen_ai.client.token.usage</c>: tokens per call, by <c>gen_ai.token.type</c>.</summary>
    TokenUsage,

    /// <summary><c>gen_ai.client.operation.time_to_first_chunk</c> (Microsoft.Extensions.AI): seconds, streaming calls only.</summary>
    TimeToFirstChunk,
}
