
using QualityWatch.Core.Alerts;
namespace QualityWatch.Alerts.Lifecycle;

/// <summary>Collects the changes of one pass or one API call; the last version of each alert and incident wins.</summary>
internal sealed class ChangeSet
{
    private readonly Dictionary<string, Alert> _alerts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Incident> _incidents = new(StringComparer.Ordinal);

    public IReadOnlyCollection<Alert> Alerts => _alerts.Values;

    public List<AlertTransition> Transitions { get; } = [];

    public List<OutboxMessage> Outbox { get; } = [];

    public List<Silence> Silences { get; } = [];

    public IReadOnlyCollection<Incident> Incidents => _incidents.Values;

    public bool IsEmpty => _alerts.Count == 0 && Transitions.Count == 0 && Outbox.Count == 0 && _incidents.Count == 0 && Silences.Count == 0;

    public void Put(Alert alert) => _alerts[alert.Id] = alert;

    public void Put(Incident incident) => _incidents[incident.Id] = incident;

    public Incident? IncidentOrNull(string id) => _incidents.GetValueOrDefault(id);

    public AlertChanges ToAlertChanges() => new([.. _alerts.Values], [.. Transitions], [.. Outbox]) { Incidents = [.. _incidents.Values], Silences = [.. Silences] };
}
