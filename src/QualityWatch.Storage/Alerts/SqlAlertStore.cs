using System.Data.Common;
using System.Globalization;
using QualityWatch.Core.Alerts;

namespace QualityWatch.Storage.Alerts;

/// <summary>
/// <see cref="IAlertStore"/> on the QualityWatch database (SQLite or PostgreSQL). Opens the database lazily on first
/// use when built from <see cref="StorageOptions"/>, applying <see cref="AlertStorage.Migrations"/>.
/// </summary>
public sealed class SqlAlertStore : IAlertStore, IAsyncDisposable
{
    private const string AlertColumns =
        "id, incident_id, dedup_key, kind, severity, state, provider, model, operation, suite, series, series_labels, segment, summary, " +
        "first_seen_at, updated_at, last_evidence_at, healthy_since, acknowledged_at, acknowledged_by, silenced_until, resolved_at, resolved_by, finding_count, evidence, healthy_checks";

    private const string IncidentColumns = "id, incident_key, kind, provider, model, state, severity, summary, opened_at, updated_at, resolved_at";

    private const string SilenceColumns = "id, provider, model, kind, starts_at, ends_at, created_by, note, incident_id";

    private const string OutboxColumns = "id, alert_id, receiver, event, body, created_at, next_attempt_at, attempts, delivered_at, last_error";

    private readonly StorageOptions? _options;
    private readonly SemaphoreSlim _openLock = new(1, 1);
    private readonly bool _ownsDatabase;
    private IQualityWatchDatabase? _database;

    /// <summary>A store on an open database to which <see cref="AlertStorage.Migrations"/> were applied.</summary>
    public SqlAlertStore(IQualityWatchDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
    }

    /// <summary>A store that opens (and migrates) the configured database on first use, and disposes it.</summary>
    public SqlAlertStore(StorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _ownsDatabase = true;
    }

    /// <inheritdoc />
    public async Task SaveAsync(AlertChanges changes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changes);
        if (changes.IsEmpty)
        {
            return;
        }

        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        foreach (var alert in changes.Alerts)
        {
            await using var upsert = Command(connection, transaction, $"""
                INSERT INTO qw_alerts ({AlertColumns}) VALUES (@id, @incident_id, @dedup_key, @kind, @severity, @state, @provider, @model,
                    @operation, @suite, @series, @series_labels, @segment, @summary, @first_seen_at, @updated_at, @last_evidence_at,
                    @healthy_since, @acknowledged_at, @acknowledged_by, @silenced_until, @resolved_at, @resolved_by, @finding_count, @evidence, @healthy_checks)
                ON CONFLICT (id) DO UPDATE SET incident_id = excluded.incident_id, severity = excluded.severity, state = excluded.state,
                    segment = excluded.segment, summary = excluded.summary, updated_at = excluded.updated_at,
                    last_evidence_at = excluded.last_evidence_at, healthy_since = excluded.healthy_since,
                    acknowledged_at = excluded.acknowledged_at, acknowledged_by = excluded.acknowledged_by,
                    silenced_until = excluded.silenced_until, resolved_at = excluded.resolved_at, resolved_by = excluded.resolved_by,
                    finding_count = excluded.finding_count, evidence = excluded.evidence, healthy_checks = excluded.healthy_checks
                """);
            upsert.AddParameter("@id", alert.Id);
            upsert.AddParameter("@incident_id", alert.IncidentId);
            upsert.AddParameter("@dedup_key", alert.DedupKey);
            upsert.AddParameter("@kind", alert.Kind);
            upsert.AddParameter("@severity", alert.Severity.Name());
            upsert.AddParameter("@state", alert.State.Name());
            upsert.AddParameter("@provider", alert.Provider);
            upsert.AddParameter("@model", alert.Model);
            upsert.AddParameter("@operation", alert.Operation);
            upsert.AddParameter("@suite", alert.Suite);
            upsert.AddParameter("@series", alert.Series);
            upsert.AddParameter("@series_labels", AlertJson.Serialize(alert.SeriesLabels));
            upsert.AddParameter("@segment", AlertJson.Serialize(alert.Segment));
            upsert.AddParameter("@summary", alert.Summary);
            upsert.AddParameter("@first_seen_at", Time(alert.FirstSeenAt));
            upsert.AddParameter("@updated_at", Time(alert.UpdatedAt));
            upsert.AddParameter("@last_evidence_at", Time(alert.LastEvidenceAt));
            upsert.AddParameter("@healthy_since", Time(alert.HealthySince));
            upsert.AddParameter("@acknowledged_at", Time(alert.AcknowledgedAt));
            upsert.AddParameter("@acknowledged_by", alert.AcknowledgedBy);
            upsert.AddParameter("@silenced_until", Time(alert.SilencedUntil));
            upsert.AddParameter("@resolved_at", Time(alert.ResolvedAt));
            upsert.AddParameter("@resolved_by", alert.ResolvedBy);
            upsert.AddParameter("@finding_count", (long)alert.FindingCount);
            upsert.AddParameter("@evidence", AlertJson.Serialize(alert.Evidence));
            upsert.AddParameter("@healthy_checks", (long)alert.HealthyChecks);
            await upsert.ExecuteNonQueryAsync(cancellationToken);
        }

        foreach (var incident in changes.Incidents)
        {
            await using var upsert = Command(connection, transaction, $"""
                INSERT INTO qw_incidents ({IncidentColumns}) VALUES (@id, @incident_key, @kind, @provider, @model, @state, @severity, @summary,
                    @opened_at, @updated_at, @resolved_at)
                ON CONFLICT (id) DO UPDATE SET state = excluded.state, severity = excluded.severity, summary = excluded.summary,
                    updated_at = excluded.updated_at, resolved_at = excluded.resolved_at
                """);
            upsert.AddParameter("@id", incident.Id);
            upsert.AddParameter("@incident_key", incident.Key);
            upsert.AddParameter("@kind", incident.Kind);
            upsert.AddParameter("@provider", incident.Provider);
            upsert.AddParameter("@model", incident.Model);
            upsert.AddParameter("@state", incident.State.Name());
            upsert.AddParameter("@severity", incident.Severity.Name());
            upsert.AddParameter("@summary", incident.Summary);
            upsert.AddParameter("@opened_at", Time(incident.OpenedAt));
            upsert.AddParameter("@updated_at", Time(incident.UpdatedAt));
            upsert.AddParameter("@resolved_at", Time(incident.ResolvedAt));
            await upsert.ExecuteNonQueryAsync(cancellationToken);
        }

        foreach (var silence in changes.Silences)
        {
            await using var upsert = Command(connection, transaction, $"""
                INSERT INTO qw_silences ({SilenceColumns}) VALUES (@id, @provider, @model, @kind, @starts_at, @ends_at, @created_by, @note, @incident_id)
                ON CONFLICT (id) DO UPDATE SET ends_at = excluded.ends_at, note = excluded.note
                """);
            upsert.AddParameter("@id", silence.Id);
            upsert.AddParameter("@provider", silence.Provider);
            upsert.AddParameter("@model", silence.Model);
            upsert.AddParameter("@kind", silence.Kind);
            upsert.AddParameter("@starts_at", Time(silence.StartsAt));
            upsert.AddParameter("@ends_at", Time(silence.EndsAt));
            upsert.AddParameter("@created_by", silence.CreatedBy);
            upsert.AddParameter("@note", silence.Note);
            upsert.AddParameter("@incident_id", silence.IncidentId);
            await upsert.ExecuteNonQueryAsync(cancellationToken);
        }

        foreach (var transition in changes.Transitions)
        {
            await using var insert = Command(connection, transaction,
                "INSERT INTO qw_alert_transitions (alert_id, at, from_state, to_state, actor, note) VALUES (@alert_id, @at, @from_state, @to_state, @actor, @note)");
            insert.AddParameter("@alert_id", transition.AlertId);
            insert.AddParameter("@at", Time(transition.At));
            insert.AddParameter("@from_state", transition.From?.Name());
            insert.AddParameter("@to_state", transition.To.Name());
            insert.AddParameter("@actor", transition.Actor);
            insert.AddParameter("@note", transition.Note);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        foreach (var message in changes.Outbox)
        {
            await using var insert = Command(connection, transaction, """
                INSERT INTO qw_alert_outbox (alert_id, receiver, event, body, created_at, next_attempt_at, attempts, delivered_at, last_error)
                VALUES (@alert_id, @receiver, @event, @body, @created_at, @next_attempt_at, @attempts, NULL, NULL)
                """);
            insert.AddParameter("@alert_id", message.AlertId);
            insert.AddParameter("@receiver", message.Receiver);
            insert.AddParameter("@event", message.Event);
            insert.AddParameter("@body", message.Body);
            insert.AddParameter("@created_at", Time(message.CreatedAt));
            insert.AddParameter("@next_attempt_at", Time(message.NextAttemptAt));
            insert.AddParameter("@attempts", (long)message.Attempts);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async Task<Alert?> GetAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var select = Command(connection, null, $"SELECT {AlertColumns} FROM qw_alerts WHERE id = @id");
        select.AddParameter("@id", id);
        var alerts = await ReadAlertsAsync(select, cancellationToken);
        return alerts.Count == 0 ? null : alerts[0];
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Alert>> ListOpenAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var select = Command(connection, null, $"SELECT {AlertColumns} FROM qw_alerts WHERE state <> @resolved ORDER BY first_seen_at, id");
        select.AddParameter("@resolved", AlertState.Resolved.Name());
        return await ReadAlertsAsync(select, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Alert>> QueryAsync(AlertQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var connection = await OpenAsync(cancellationToken);
        var conditions = new List<string>();
        await using var select = connection.CreateCommand();
        if (query.State is { } state)
        {
            conditions.Add("state = @state");
            select.AddParameter("@state", state.Name());
        }

        if (!string.IsNullOrEmpty(query.Provider))
        {
            conditions.Add("provider = @provider");
            select.AddParameter("@provider", query.Provider);
        }

        if (query.Since is { } since)
        {
            conditions.Add("updated_at >= @since");
            select.AddParameter("@since", Time(since));
        }

        var where = conditions.Count == 0 ? string.Empty : " WHERE " + string.Join(" AND ", conditions);
        select.CommandText = $"SELECT {AlertColumns} FROM qw_alerts{where} ORDER BY updated_at DESC, id LIMIT @limit";
        select.AddParameter("@limit", (long)Math.Clamp(query.Limit, 1, 10_000));
        return await ReadAlertsAsync(select, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<Alert?> GetLatestResolvedAsync(string dedupKey, DateTimeOffset resolvedSince, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var select = Command(connection, null,
            $"SELECT {AlertColumns} FROM qw_alerts WHERE dedup_key = @dedup_key AND state = @resolved AND resolved_at >= @since ORDER BY resolved_at DESC, id LIMIT 1");
        select.AddParameter("@dedup_key", dedupKey);
        select.AddParameter("@resolved", AlertState.Resolved.Name());
        select.AddParameter("@since", Time(resolvedSince));
        var alerts = await ReadAlertsAsync(select, cancellationToken);
        return alerts.Count == 0 ? null : alerts[0];
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Alert>> ListIncidentAlertsAsync(string incidentId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var select = Command(connection, null, $"SELECT {AlertColumns} FROM qw_alerts WHERE incident_id = @incident_id ORDER BY first_seen_at, id");
        select.AddParameter("@incident_id", incidentId);
        return await ReadAlertsAsync(select, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<Incident?> GetIncidentAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var select = Command(connection, null, $"SELECT {IncidentColumns} FROM qw_incidents WHERE id = @id");
        select.AddParameter("@id", id);
        var incidents = await ReadIncidentsAsync(select, cancellationToken);
        return incidents.Count == 0 ? null : incidents[0];
    }

    /// <inheritdoc />
    public async Task<Incident?> GetLatestIncidentAsync(string key, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var select = Command(connection, null, $"SELECT {IncidentColumns} FROM qw_incidents WHERE incident_key = @key ORDER BY opened_at DESC, id LIMIT 1");
        select.AddParameter("@key", key);
        var incidents = await ReadIncidentsAsync(select, cancellationToken);
        return incidents.Count == 0 ? null : incidents[0];
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Silence>> ListSilencesAsync(DateTimeOffset? activeAt, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var select = Command(connection, null, $"SELECT {SilenceColumns} FROM qw_silences{(activeAt is null ? string.Empty : " WHERE ends_at > @at")} ORDER BY starts_at DESC, id");
        if (activeAt is { } at)
        {
            select.AddParameter("@at", Time(at));
        }

        return await ReadSilencesAsync(select, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<Silence?> GetSilenceAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var select = Command(connection, null, $"SELECT {SilenceColumns} FROM qw_silences WHERE id = @id");
        select.AddParameter("@id", id);
        var found = await ReadSilencesAsync(select, cancellationToken);
        return found.Count == 0 ? null : found[0];
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Incident>> QueryIncidentsAsync(IncidentQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var connection = await OpenAsync(cancellationToken);
        await using var select = connection.CreateCommand();
        var where = string.Empty;
        if (query.State is { } state)
        {
            where = " WHERE state = @state";
            select.AddParameter("@state", state.Name());
        }
        else if (query.Open)
        {
            where = " WHERE state <> @resolved";
            select.AddParameter("@resolved", AlertState.Resolved.Name());
        }

        select.CommandText = $"SELECT {IncidentColumns} FROM qw_incidents{where} ORDER BY updated_at DESC, id LIMIT @limit";
        select.AddParameter("@limit", (long)Math.Clamp(query.Limit, 1, 10_000));
        return await ReadIncidentsAsync(select, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<AlertTransition>> GetHistoryAsync(string alertId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var select = Command(connection, null,
            "SELECT alert_id, at, from_state, to_state, actor, note FROM qw_alert_transitions WHERE alert_id = @alert_id ORDER BY id");
        select.AddParameter("@alert_id", alertId);
        var history = new List<AlertTransition>();
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            AlertState? from = reader.IsDBNull(2) ? null : State(reader.GetString(2));
            history.Add(new AlertTransition(reader.GetString(0), ParseTime(reader.GetString(1)), from, State(reader.GetString(3)), reader.GetString(4), reader.GetString(5)));
        }

        return history;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<OutboxMessage>> GetUndeliveredAsync(int limit, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var select = Command(connection, null, $"SELECT {OutboxColumns} FROM qw_alert_outbox WHERE delivered_at IS NULL ORDER BY id LIMIT @limit");
        select.AddParameter("@limit", (long)Math.Max(1, limit));
        return await ReadOutboxAsync(select, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<OutboxMessage>> GetOutboxForAlertAsync(string alertId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var select = Command(connection, null, $"SELECT {OutboxColumns} FROM qw_alert_outbox WHERE alert_id = @alert_id ORDER BY id");
        select.AddParameter("@alert_id", alertId);
        return await ReadOutboxAsync(select, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<OutboxActivity>> GetOutboxActivityAsync(IReadOnlyCollection<string> alertIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alertIds);
        var activity = new List<OutboxActivity>();
        if (alertIds.Count == 0)
        {
            return activity;
        }

        await using var connection = await OpenAsync(cancellationToken);
        // Chunked so the parameter count stays far below SQLite's limit however many alerts are open.
        foreach (var chunk in alertIds.Chunk(200))
        {
            await using var select = connection.CreateCommand();
            var names = new List<string>();
            for (var i = 0; i < chunk.Length; i++)
            {
                names.Add($"@a{i}");
                select.AddParameter($"@a{i}", chunk[i]);
            }

            select.CommandText = $"""
                SELECT alert_id, receiver, MAX(created_at), SUM(CASE WHEN delivered_at IS NULL THEN 1 ELSE 0 END)
                FROM qw_alert_outbox WHERE alert_id IN ({string.Join(", ", names)}) GROUP BY alert_id, receiver
                """;
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                activity.Add(new OutboxActivity(reader.GetString(0), reader.GetString(1), ParseTime(reader.GetString(2)), Convert.ToInt32(reader.GetValue(3), CultureInfo.InvariantCulture)));
            }
        }

        return activity;
    }

    /// <inheritdoc />
    public async Task MarkDeliveredAsync(long messageId, DateTimeOffset deliveredAt, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var update = Command(connection, null, "UPDATE qw_alert_outbox SET delivered_at = @at, last_error = NULL WHERE id = @id");
        update.AddParameter("@at", Time(deliveredAt));
        update.AddParameter("@id", messageId);
        await update.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async Task MarkFailedAsync(long messageId, int attempts, DateTimeOffset nextAttemptAt, string error, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var update = Command(connection, null, "UPDATE qw_alert_outbox SET attempts = @attempts, next_attempt_at = @next, last_error = @error WHERE id = @id");
        update.AddParameter("@attempts", (long)attempts);
        update.AddParameter("@next", Time(nextAttemptAt));
        update.AddParameter("@error", error.Length > 500 ? error[..500] : error);
        update.AddParameter("@id", messageId);
        await update.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IAsyncDisposable> LockAsync(AlertLockScope scope, CancellationToken cancellationToken)
    {
        var database = await EnsureDatabaseAsync(cancellationToken);
        if (database.Dialect != SqlDialect.Postgres)
        {
            return NoLock.Instance;
        }

        var connection = await database.OpenConnectionAsync(cancellationToken);

        // Keys next to the schema migrator's 7157001; session-level, released explicitly on dispose.
        var key = scope == AlertLockScope.Writes ? 7157101L : 7157102L;
        try
        {
            await using var take = Command(connection, null, "SELECT pg_advisory_lock(@key)");
            take.AddParameter("@key", key);
            await take.ExecuteNonQueryAsync(cancellationToken);
            return new AdvisoryLock(connection, key);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_ownsDatabase && _database is not null)
        {
            await _database.DisposeAsync();
        }

        _openLock.Dispose();
    }

    internal static string Time(DateTimeOffset time) =>
        time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    private static string? Time(DateTimeOffset? time) => time is { } value ? Time(value) : null;

    private static DateTimeOffset ParseTime(string text) =>
        DateTimeOffset.ParseExact(text, "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    private static DateTimeOffset? ParseNullableTime(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : ParseTime(reader.GetString(ordinal));

    private static string? NullableString(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static AlertState State(string text) =>
        AlertText.TryParseState(text, out var state) ? state : throw new InvalidDataException($"unknown stored alert state '{text}'");

    private async Task<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
        await (await EnsureDatabaseAsync(cancellationToken)).OpenConnectionAsync(cancellationToken);

    private async Task<IQualityWatchDatabase> EnsureDatabaseAsync(CancellationToken cancellationToken)
    {
        if (_database is null)
        {
            await _openLock.WaitAsync(cancellationToken);
            try
            {
                _database ??= await QualityWatchDatabase.OpenAsync(_options!, AlertStorage.Migrations, cancellationToken);
            }
            finally
            {
                _openLock.Release();
            }
        }

        return _database;
    }

    private static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    private static async Task<IReadOnlyList<Alert>> ReadAlertsAsync(DbCommand select, CancellationToken cancellationToken)
    {
        var alerts = new List<Alert>();
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var severityText = reader.GetString(4);
            alerts.Add(new Alert(
                Id: reader.GetString(0),
                IncidentId: reader.GetString(1),
                DedupKey: reader.GetString(2),
                Kind: reader.GetString(3),
                Severity: AlertText.TryParseSeverity(severityText, out var severity) ? severity : throw new InvalidDataException($"unknown stored severity '{severityText}'"),
                State: State(reader.GetString(5)),
                Provider: reader.GetString(6),
                Model: reader.GetString(7),
                Operation: reader.GetString(8),
                Suite: NullableString(reader, 9),
                Series: reader.GetString(10),
                SeriesLabels: AlertJson.Deserialize<Dictionary<string, string>>(reader.GetString(11)),
                Segment: AlertJson.Deserialize<Dictionary<string, string>>(reader.GetString(12)),
                Summary: reader.GetString(13),
                FirstSeenAt: ParseTime(reader.GetString(14)),
                UpdatedAt: ParseTime(reader.GetString(15)),
                LastEvidenceAt: ParseTime(reader.GetString(16)),
                HealthySince: ParseNullableTime(reader, 17),
                AcknowledgedAt: ParseNullableTime(reader, 18),
                AcknowledgedBy: NullableString(reader, 19),
                SilencedUntil: ParseNullableTime(reader, 20),
                ResolvedAt: ParseNullableTime(reader, 21),
                ResolvedBy: NullableString(reader, 22),
                FindingCount: Convert.ToInt32(reader.GetValue(23), CultureInfo.InvariantCulture),
                Evidence: AlertJson.Deserialize<AlertEvidence>(reader.GetString(24)))
            {
                HealthyChecks = Convert.ToInt32(reader.GetValue(25), CultureInfo.InvariantCulture),
            });
        }

        return alerts;
    }

    private static async Task<IReadOnlyList<Silence>> ReadSilencesAsync(DbCommand select, CancellationToken cancellationToken)
    {
        var silences = new List<Silence>();
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            silences.Add(new Silence(reader.GetString(0), NullableString(reader, 1), NullableString(reader, 2), NullableString(reader, 3),
                ParseTime(reader.GetString(4)), ParseTime(reader.GetString(5)), reader.GetString(6), reader.GetString(7), NullableString(reader, 8)));
        }

        return silences;
    }

    private static async Task<IReadOnlyList<Incident>> ReadIncidentsAsync(DbCommand select, CancellationToken cancellationToken)
    {
        var incidents = new List<Incident>();
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var severityText = reader.GetString(6);
            incidents.Add(new Incident(
                Id: reader.GetString(0),
                Key: reader.GetString(1),
                Kind: reader.GetString(2),
                Provider: reader.GetString(3),
                Model: reader.GetString(4),
                State: State(reader.GetString(5)),
                Severity: AlertText.TryParseSeverity(severityText, out var severity) ? severity : throw new InvalidDataException($"unknown stored severity '{severityText}'"),
                Summary: reader.GetString(7),
                OpenedAt: ParseTime(reader.GetString(8)),
                UpdatedAt: ParseTime(reader.GetString(9)),
                ResolvedAt: ParseNullableTime(reader, 10)));
        }

        return incidents;
    }

    private static async Task<IReadOnlyList<OutboxMessage>> ReadOutboxAsync(DbCommand select, CancellationToken cancellationToken)
    {
        var messages = new List<OutboxMessage>();
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            messages.Add(new OutboxMessage(
                Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture),
                reader.GetString(1),
                reader.GetString(2),
                reader.GetString(3),
                reader.GetString(4),
                ParseTime(reader.GetString(5)),
                ParseTime(reader.GetString(6)),
                Convert.ToInt32(reader.GetValue(7), CultureInfo.InvariantCulture),
                ParseNullableTime(reader, 8),
                NullableString(reader, 9)));
        }

        return messages;
    }

    private sealed class NoLock : IAsyncDisposable
    {
        public static readonly NoLock Instance = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private sealed class AdvisoryLock(DbConnection connection, long key) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await using var release = Command(connection, null, "SELECT pg_advisory_unlock(@key)");
                release.AddParameter("@key", key);
                await release.ExecuteNonQueryAsync(CancellationToken.None);
            }
            finally
            {
                await connection.DisposeAsync();
            }
        }
    }
}
