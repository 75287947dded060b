namespace QualityWatch.Alerts.Apis;

/// <summary>One history entry in JSON.</summary>
internal sealed record HistoryResource(DateTimeOffset At, string? From, string To, string Actor, string Note);
