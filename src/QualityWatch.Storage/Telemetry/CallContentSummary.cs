namespace QualityWatch.Storage.Telemetry;

/// <summary>A stored call without its messages: what a listing by series and time returns.</summary>
/// <param name="TraceId">Trace id, 32 lowercase hex digits.</param>
/// <param name="SpanId">Span id, 16 lowercase hex digits.</param>
/// <param name="Series">Canonical series key.</param>
/// <param name="StartTime">Event time.</param>
/// <param name="ContentHash">SHA-256 (hex) of the complete messages.</param>
public sealed record CallContentSummary(string TraceId, string SpanId, string Series, DateTimeOffset StartTime, string ContentHash);
