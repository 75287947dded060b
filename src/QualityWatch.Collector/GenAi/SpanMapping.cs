using QualityWatch.Storage.Telemetry;

namespace QualityWatch.Collector.GenAi;

/// <summary>
/// The result of mapping one OTLP span: the stored event (and its prompt and completion, only when content storage
/// is on), or why it was ignored or rejected.
/// </summary>
internal sealed record SpanMapping(SpanVerdict Verdict, TelemetryEvent? Event, CanarySpan? Canary, string? SystemFingerprint, string? RejectReason, CallContent? Content = null)
{
    public static SpanMapping Ignored { get; } = new(SpanVerdict.Ignored, null, null, null, null);

    public static SpanMapping ToolExecution { get; } = new(SpanVerdict.ToolExecution, null, null, null, null);

    public static SpanMapping Reject(string reason) => new(SpanVerdict.Rejected, null, null, null, reason);
}
