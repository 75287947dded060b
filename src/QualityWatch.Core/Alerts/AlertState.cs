namespace QualityWatch.Core.Alerts;

/// <summary>Where an alert is in its lifecycle: firing → acknowledged → resolved, or silenced until a time.</summary>
public enum AlertState
{
    /// <summary>Open and nobody has looked at it yet.</summary>
    Firing,

    /// <summary>Open; a person has taken it.</summary>
    Acknowledged,

    /// <summary>Open; notifications suppressed until <see cref="Alert.SilencedUntil"/>.</summary>
    Silenced,

    /// <summary>Closed: by a person, or automatically once the series was healthy for the auto-resolve time.</summary>
    Resolved,
}
