namespace QualityWatch.Core.Alerts;

/// <summary>
/// One notification waiting for (or done with) delivery to one receiver. Written in the same transaction as the
/// alert change that caused it, so a crash or a receiver that is down never loses a notification.
/// </summary>
/// <param name="Id">Sequence number (0 before insertion); delivery per receiver follows it.</param>
/// <param name="AlertId">What the notification is about: an incident id (<c>inc-…</c>); notifications are sent once per
/// incident state change. Older rows hold an alert id.</param>
/// <param name="Receiver">Receiver id (<c>alertmanager|url</c>, <c>webhook|url</c>).</param>
/// <param name="Event">firing, escalated, acknowledged, silenced, resolved, renotify.</param>
/// <param name="Body">Request body, ready to send (signatures are computed at send time, never stored).</param>
/// <param name="CreatedAt">When it was queued.</param>
/// <param name="NextAttemptAt">Not sent before this time (backoff).</param>
/// <param name="Attempts">Failed attempts so far.</param>
/// <param name="DeliveredAt">When the receiver accepted it; null while pending.</param>
/// <param name="LastError">The last failure, without secrets.</param>
public sealed record OutboxMessage(
    long Id,
    string AlertId,
    string Receiver,
    string Event,
    string Body,
    DateTimeOffset CreatedAt,
    DateTimeOffset NextAttemptAt,
    int Attempts,
    DateTimeOffset? DeliveredAt,
    string? LastError);
