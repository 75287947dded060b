namespace QualityWatch.Core.Alerts;

/// <summary>Durable alerts, their history and the notification outbox.</summary>
public interface IAlertStore
{
    /// <summary>Stores alert upserts, history and notifications atomically.</summary>
    Task SaveAsync(AlertChanges changes, CancellationToken cancellationToken);

    /// <summary>One alert, or null.</summary>
    Task<Alert?> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary>Every alert that is not resolved.</summary>
    Task<IReadOnlyList<Alert>> ListOpenAsync(CancellationToken cancellationToken);

    /// <summary>Alerts matching <paramref name="query"/>, most recently updated first.</summary>
    Task<IReadOnlyList<Alert>> QueryAsync(AlertQuery query, CancellationToken cancellationToken);

    /// <summary>The most recently resolved alert with <paramref name="dedupKey"/> resolved at or after
    /// <paramref name="resolvedSince"/> (a recurrence within the cool-down reopens it), or null.</summary>
    Task<Alert?> GetLatestResolvedAsync(string dedupKey, DateTimeOffset resolvedSince, CancellationToken cancellationToken);

    /// <summary>The member alerts of one incident, oldest first.</summary>
    Task<IReadOnlyList<Alert>> ListIncidentAlertsAsync(string incidentId, CancellationToken cancellationToken);

    /// <summary>One incident, or null.</summary>
    Task<Incident?> GetIncidentAsync(string id, CancellationToken cancellationToken);

    /// <summary>The most recently opened incident with <paramref name="key"/> (open or resolved), or null.</summary>
    Task<Incident?> GetLatestIncidentAsync(string key, CancellationToken cancellationToken);

    /// <summary>Incidents matching <paramref name="query"/>, most recently updated first.</summary>
    Task<IReadOnlyList<Incident>> QueryIncidentsAsync(IncidentQuery query, CancellationToken cancellationToken);

    /// <summary>Silences that have not ended by <paramref name="activeAt"/> (all silences when null), newest first.</summary>
    Task<IReadOnlyList<Silence>> ListSilencesAsync(DateTimeOffset? activeAt, CancellationToken cancellationToken);

    /// <summary>One silence, or null.</summary>
    Task<Silence?> GetSilenceAsync(string id, CancellationToken cancellationToken);

    /// <summary>The history of one alert, oldest first.</summary>
    Task<IReadOnlyList<AlertTransition>> GetHistoryAsync(string alertId, CancellationToken cancellationToken);

    /// <summary>Undelivered notifications in queue order (due or not), at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<OutboxMessage>> GetUndeliveredAsync(int limit, CancellationToken cancellationToken);

    /// <summary>Notifications for one alert (delivered or not), in queue order.</summary>
    Task<IReadOnlyList<OutboxMessage>> GetOutboxForAlertAsync(string alertId, CancellationToken cancellationToken);

    /// <summary>Last queue time and pending count per (alert, receiver) for the given alerts.</summary>
    Task<IReadOnlyList<OutboxActivity>> GetOutboxActivityAsync(IReadOnlyCollection<string> alertIds, CancellationToken cancellationToken);

    /// <summary>Marks a notification delivered.</summary>
    Task MarkDeliveredAsync(long messageId, DateTimeOffset deliveredAt, CancellationToken cancellationToken);

    /// <summary>Takes a lock shared by every process on this database (a PostgreSQL advisory lock; nothing on SQLite,
    /// which is served by one process). Dispose to release.</summary>
    Task<IAsyncDisposable> LockAsync(AlertLockScope scope, CancellationToken cancellationToken);

    /// <summary>Records a failed attempt and when to try again.</summary>
    Task MarkFailedAsync(long messageId, int attempts, DateTimeOffset nextAttemptAt, string error, CancellationToken cancellationToken);
}
