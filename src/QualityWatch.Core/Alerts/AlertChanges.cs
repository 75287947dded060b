namespace QualityWatch.Core.Alerts;

/// <summary>Alert upserts, history entries and notifications that must be stored together, in one transaction.</summary>
public sealed record AlertChanges(IReadOnlyList<Alert> Alerts, IReadOnlyList<AlertTransition> Transitions, IReadOnlyList<OutboxMessage> Outbox)
{
    /// <summary>Nothing to store.</summary>
    public static AlertChanges None { get; } = new([], [], []);

    /// <summary>Incident upserts stored in the same transaction.</summary>
    public IReadOnlyList<Incident> Incidents { get; init; } = [];

    /// <summary>Silence upserts stored in the same transaction (a silence and the alerts it silences change together).</summary>
    public IReadOnlyList<Silence> Silences { get; init; } = [];

    /// <summary>True when there is nothing to store.</summary>
    public bool IsEmpty => Alerts.Count == 0 && Transitions.Count == 0 && Outbox.Count == 0 && Incidents.Count == 0 && Silences.Count == 0;
}
