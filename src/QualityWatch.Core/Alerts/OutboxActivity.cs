namespace QualityWatch.Core.Alerts;

/// <summary>Per alert and receiver: when the last notification was queued and how many are still pending.</summary>
public sealed record OutboxActivity(string AlertId, string Receiver, DateTimeOffset LastQueuedAt, int Pending);
