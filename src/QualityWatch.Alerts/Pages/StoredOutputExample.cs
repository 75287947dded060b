namespace QualityWatch.Alerts.Pages;

/// <summary>A stored call's output shown as an example: its ids, when it ran, and the completion text.</summary>
internal sealed record StoredOutputExample(string TraceId, string SpanId, DateTimeOffset Time, string Output);
