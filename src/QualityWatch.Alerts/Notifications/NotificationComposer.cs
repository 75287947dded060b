
using QualityWatch.Core.Alerts;
namespace QualityWatch.Alerts.Notifications;

/// <summary>
/// Turns one incident event into outbox messages, one per receiver: notifications are per incident, never per member
/// alert. Alertmanager receives every event (it must always know the current truth); webhooks receive every event
/// except periodic re-posts, and nothing but <c>silenced</c>/<c>resolved</c> while the incident is silenced.
/// </summary>
internal sealed class NotificationComposer(ReceiverCatalog receivers, EvidenceLinks links, Incidents.IncidentLinks incidentLinks, TimeProvider time)
{
    // Queue times are wall-clock (not the evaluation's event time), so the dispatcher's due checks and re-post
    // intervals work the same whether detection runs live or replays a simulated timeline.
    /// <param name="incident">The incident as it is now.</param>
    /// <param name="lead">The member alert that explains it best (its evidence goes into the message).</param>
    /// <param name="notificationEvent">One of <see cref="NotificationEvents"/>.</param>
    /// <param name="replacedSeverity">The severity before an escalation.</param>
    public IEnumerable<OutboxMessage> Compose(Incident incident, Alert lead, string notificationEvent, AlertSeverity? replacedSeverity = null)
    {
        var now = time.GetUtcNow();
        var link = links.ForIncident(incident.Id);
        foreach (var receiver in receivers.All)
        {
            var body = receiver.Kind switch
            {
                ReceiverKind.Alertmanager => AlertmanagerPayload.Build(incident, lead, link, incidentLinks.Runbook(incident.Kind), replacedSeverity),
                _ when notificationEvent == NotificationEvents.Renotify => null,
                _ when incident.State == AlertState.Silenced && notificationEvent is not (NotificationEvents.Silenced or NotificationEvents.Resolved) => null,
                ReceiverKind.SlackWebhook => SlackPayload.Build(incident, lead, notificationEvent, link),
                _ => WebhookPayload.Build(incident, lead, notificationEvent, link, links.For(lead.Id), incidentLinks.Runbook(incident.Kind), now),
            };
            if (body is not null)
            {
                yield return new OutboxMessage(0, incident.Id, receiver.Id, notificationEvent, body, now, now, 0, null, null);
            }
        }
    }

    public IEnumerable<ReceiverEndpoint> Alertmanagers => receivers.All.Where(r => r.Kind == ReceiverKind.Alertmanager);
}
