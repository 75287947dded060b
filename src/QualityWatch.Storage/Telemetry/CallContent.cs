namespace QualityWatch.Storage.Telemetry;

/// <summary>The prompt and completion of one call, stored only when content storage is configured (PII).</summary>
/// <param name="TraceId">Trace id, 32 lowercase hex digits.</param>
/// <param name="SpanId">Span id, 16 lowercase hex digits.</param>
/// <param name="Series">Canonical series key the call counted in (after cardinality limiting).</param>
/// <param name="StartTime">Event time: the span start time.</param>
/// <param name="ContentHash">SHA-256 (hex) of the complete, untruncated messages: identical calls share it.</param>
/// <param name="Input">Prompt messages, in order.</param>
/// <param name="Output">Completion messages, in order.</param>
public sealed record CallContent(
    string TraceId,
    string SpanId,
    string Series,
    DateTimeOffset StartTime,
    string ContentHash,
    IReadOnlyList<ContentMessage> Input,
    IReadOnlyList<ContentMessage> Output);
