namespace QualityWatch.Storage.Alerts;

/// <summary>alerts-0003: label-matching silences (provider, model, kind) with an expiry.</summary>
internal sealed class SilencesSchemaMigration : ISchemaMigration
{
    public string Id => "alerts-0003";

    public string Sql(SqlDialect dialect) => """
        CREATE TABLE qw_silences (
            id TEXT PRIMARY KEY,
            provider TEXT NULL,
            model TEXT NULL,
            kind TEXT NULL,
            starts_at TEXT NOT NULL,
            ends_at TEXT NOT NULL,
            created_by TEXT NOT NULL,
            note TEXT NOT NULL,
            incident_id TEXT NULL
        );
        CREATE INDEX ix_qw_silences_ends ON qw_silences (ends_at)
        """;
}
