namespace QualityWatch.Core.Telemetry;

/// <summary>One stored call's completion, as <see cref="ICallOutputSource"/> reads it.</summary>
/// <param name="TraceId">Trace id, 32 lowercase hex digits.</param>
/// <param name="SpanId">Span id, 16 lowercase hex digits.</param>
/// <param name="StartTime">When the call started.</param>
/// <param name="Text">The completion messages joined by new lines.</param>
public sealed record CallOutput(string TraceId, string SpanId, DateTimeOffset StartTime, string Text);
