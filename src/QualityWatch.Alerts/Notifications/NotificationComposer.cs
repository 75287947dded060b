using QualityWatch.Storage.Alerts;

namespace QualityWatch.Alerts.Notifications;

/// <summary>
/// Turns one alert event into outbox messages, one per receiver. Alertmanager receives every event (it must always
/// know the current truth); webhooks receive every event except periodic re-posts, and nothing but
/// <c>silenced</c>/<c>resolved</c> while the alert is silenced.
/// </summary>
internal sealed class NotificationComposer(ReceiverCatalog receivers, EvidenceLinks links, TimeProvider time)
{
    // Queue times are wall-clock (not the evaluation's event time), so the dispatcher's due checks and re-post
    // intervals work the same whether detection runs live or replays a simulated timeline.
    public IEnumerable<OutboxMessage> Compose(Alert alert, string notificationEvent, AlertSeverity? replacedSeverity = null)
    {
        var now = time.GetUtcNow();
        var link = links.For(alert.Id);
        foreach (var receiver in receivers.All)
        {
            var body = receiver.Kind switch
            {
                ReceiverKind.Alertmanager => AlertmanagerPayload.Build(alert, link, replacedSeverity),
                _ when notificationEvent == NotificationEvents.Renotify => null,
                _ when alert.State == AlertState.Silenced && notificationEvent is not (NotificationEvents.Silenced or NotificationEvents.Resolved) => null,
                ReceiverKind.SlackWebhook => SlackPayload.Build(alert, notificationEvent, link),
                _ => WebhookPayload.Build(alert, notificationEvent, link, now),
            };
            if (body is not null)
            {
                yield return new OutboxMessage(0, alert.Id, receiver.Id, notificationEvent, body, now, now, 0, null, null);
            }
        }
    }

    public IEnumerable<ReceiverEndpoint> Alertmanagers => receivers.All.Where(r => r.Kind == ReceiverKind.Alertmanager);
}
