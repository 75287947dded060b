namespace QualityWatch.Storage.Alerts;

/// <summary>
/// alerts-0002: incidents (one row per incident, its state derived from its member alerts and stored with them) and
/// the consecutive-healthy-pass count alerts need for hysteresis. Incidents of alerts stored before this migration are
/// backfilled from their members.
/// </summary>
internal sealed class IncidentsSchemaMigration : ISchemaMigration
{
    public string Id => "alerts-0002";

    public string Sql(SqlDialect dialect) => """
        ALTER TABLE qw_alerts ADD COLUMN healthy_checks BIGINT NOT NULL DEFAULT 0;
        CREATE TABLE qw_incidents (
            id TEXT PRIMARY KEY,
            incident_key TEXT NOT NULL,
            kind TEXT NOT NULL,
            provider TEXT NOT NULL,
            model TEXT NOT NULL,
            state TEXT NOT NULL,
            severity TEXT NOT NULL,
            summary TEXT NOT NULL,
            opened_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            resolved_at TEXT NULL
        );
        CREATE INDEX ix_qw_incidents_key ON qw_incidents (incident_key, opened_at);
        CREATE INDEX ix_qw_incidents_state ON qw_incidents (state, updated_at);
        CREATE INDEX ix_qw_alerts_incident ON qw_alerts (incident_id);
        CREATE INDEX ix_qw_alerts_dedup_resolved ON qw_alerts (dedup_key, resolved_at);
        INSERT INTO qw_incidents (id, incident_key, kind, provider, model, state, severity, summary, opened_at, updated_at, resolved_at)
        SELECT incident_id, MIN(kind) || '|' || MIN(provider) || '|' || MIN(model), MIN(kind), MIN(provider), MIN(model),
            CASE WHEN SUM(CASE WHEN state <> 'resolved' THEN 1 ELSE 0 END) > 0 THEN 'firing' ELSE 'resolved' END,
            CASE MAX(CASE severity WHEN 'critical' THEN 3 WHEN 'warning' THEN 2 ELSE 1 END) WHEN 3 THEN 'critical' WHEN 2 THEN 'warning' ELSE 'info' END,
            MIN(summary), MIN(first_seen_at), MAX(updated_at),
            CASE WHEN SUM(CASE WHEN state <> 'resolved' THEN 1 ELSE 0 END) > 0 THEN NULL ELSE MAX(resolved_at) END
        FROM qw_alerts GROUP BY incident_id
        """;
}
