namespace QualityWatch.Alerts.Notifications;

/// <summary>The wire format a receiver speaks.</summary>
internal enum ReceiverKind
{
    Alertmanager,
    JsonWebhook,
    SlackWebhook,
}
