using QualityWatch.Storage.Alerts;

namespace QualityWatch.Alerts.Lifecycle;

/// <summary>Collects the changes of one pass or one API call; the last version of each alert wins.</summary>
internal sealed class ChangeSet
{
    private readonly Dictionary<string, Alert> _alerts = new(StringComparer.Ordinal);

    public IReadOnlyCollection<Alert> Alerts => _alerts.Values;

    public List<AlertTransition> Transitions { get; } = [];

    public List<OutboxMessage> Outbox { get; } = [];

    public bool IsEmpty => _alerts.Count == 0 && Transitions.Count == 0 && Outbox.Count == 0;

    public void Put(Alert alert) => _alerts[alert.Id] = alert;

    public AlertChanges ToAlertChanges() => new([.. _alerts.Values], [.. Transitions], [.. Outbox]);
}
