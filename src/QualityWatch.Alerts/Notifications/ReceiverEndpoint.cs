namespace QualityWatch.Alerts.Notifications;

/// <summary>One configured receiver. <see cref="Id"/> is stored with queued notifications, so it is derived from
/// kind and URL (stable across restarts and reordering of the configuration).</summary>
internal sealed record ReceiverEndpoint(string Id, ReceiverKind Kind, Uri Url, string? SecretEnv);
