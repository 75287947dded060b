namespace QualityWatch.Alerts.Notifications;

/// <summary>Why a notification was queued.</summary>
internal static class NotificationEvents
{
    public const string Firing = "firing";
    public const string Escalated = "escalated";
    public const string Acknowledged = "acknowledged";
    public const string Silenced = "silenced";
    public const string Unsilenced = "unsilenced";
    public const string Resolved = "resolved";

    /// <summary>A resolved incident (or alert) reopened because its fault came back within the cool-down.</summary>
    public const string Regressed = "regressed";

    /// <summary>Periodic re-post to Alertmanager while open (Alertmanager forgets alerts that are not re-posted).</summary>
    public const string Renotify = "renotify";
}
