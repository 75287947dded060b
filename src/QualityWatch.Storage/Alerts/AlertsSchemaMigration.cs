namespace QualityWatch.Storage.Alerts;

/// <summary>
/// alerts-0001: alerts, their state history and the notification outbox. Times are stored as fixed-width UTC
/// ISO-8601 text so that text order is time order in both dialects.
/// </summary>
internal sealed class AlertsSchemaMigration : ISchemaMigration
{
    public string Id => "alerts-0001";

    public string Sql(SqlDialect dialect)
    {
        var identity = dialect == SqlDialect.Postgres ? "BIGSERIAL PRIMARY KEY" : "INTEGER PRIMARY KEY AUTOINCREMENT";
        return $"""
            CREATE TABLE qw_alerts (
                id TEXT PRIMARY KEY,
                incident_id TEXT NOT NULL,
                dedup_key TEXT NOT NULL,
                kind TEXT NOT NULL,
                severity TEXT NOT NULL,
                state TEXT NOT NULL,
                provider TEXT NOT NULL,
                model TEXT NOT NULL,
                operation TEXT NOT NULL,
                suite TEXT NULL,
                series TEXT NOT NULL,
                series_labels TEXT NOT NULL,
                segment TEXT NOT NULL,
                summary TEXT NOT NULL,
                first_seen_at TEXT NOT NULL,
                updated_at TEXT NOT NULL,
                last_evidence_at TEXT NOT NULL,
                healthy_since TEXT NULL,
                acknowledged_at TEXT NULL,
                acknowledged_by TEXT NULL,
                silenced_until TEXT NULL,
                resolved_at TEXT NULL,
                resolved_by TEXT NULL,
                finding_count BIGINT NOT NULL,
                evidence TEXT NOT NULL
            );
            CREATE INDEX ix_qw_alerts_dedup ON qw_alerts (dedup_key, state);
            CREATE INDEX ix_qw_alerts_state ON qw_alerts (state, updated_at);
            CREATE INDEX ix_qw_alerts_provider ON qw_alerts (provider, updated_at);
            CREATE TABLE qw_alert_transitions (
                id {identity},
                alert_id TEXT NOT NULL,
                at TEXT NOT NULL,
                from_state TEXT NULL,
                to_state TEXT NOT NULL,
                actor TEXT NOT NULL,
                note TEXT NOT NULL
            );
            CREATE INDEX ix_qw_alert_transitions_alert ON qw_alert_transitions (alert_id, id);
            CREATE TABLE qw_alert_outbox (
                id {identity},
                alert_id TEXT NOT NULL,
                receiver TEXT NOT NULL,
                event TEXT NOT NULL,
                body TEXT NOT NULL,
                created_at TEXT NOT NULL,
                next_attempt_at TEXT NOT NULL,
                attempts BIGINT NOT NULL,
                delivered_at TEXT NULL,
                last_error TEXT NULL
            );
            CREATE INDEX ix_qw_alert_outbox_pending ON qw_alert_outbox (delivered_at, id);
            CREATE INDEX ix_qw_alert_outbox_alert ON qw_alert_outbox (alert_id, receiver, id)
            """;
    }
}
