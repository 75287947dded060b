namespace QualityWatch.Storage.Telemetry;

/// <summary>
/// <c>telemetry-0001</c>: the durable ingest log (decoded calls, acknowledged once committed) and the bucket parts
/// it is folded into. Parts are insert-only and merge by addition, so replicas never overwrite each other.
/// </summary>
internal sealed class TelemetrySchemaV1 : ISchemaMigration
{
    public string Id => "telemetry-0001";

    public string Sql(SqlDialect dialect) => dialect == SqlDialect.Postgres
        ? """
          CREATE TABLE telemetry_ingest_log (id BIGSERIAL PRIMARY KEY, received_at BIGINT NOT NULL, spans INTEGER NOT NULL, payload BYTEA NOT NULL);
          CREATE TABLE telemetry_bucket_parts (id BIGSERIAL PRIMARY KEY, series TEXT NOT NULL, bucket_start BIGINT NOT NULL, data BYTEA NOT NULL);
          CREATE INDEX telemetry_bucket_parts_by_time ON telemetry_bucket_parts (bucket_start, series);
          """
        : """
          CREATE TABLE telemetry_ingest_log (id INTEGER PRIMARY KEY AUTOINCREMENT, received_at INTEGER NOT NULL, spans INTEGER NOT NULL, payload BLOB NOT NULL);
          CREATE TABLE telemetry_bucket_parts (id INTEGER PRIMARY KEY AUTOINCREMENT, series TEXT NOT NULL, bucket_start INTEGER NOT NULL, data BLOB NOT NULL);
          CREATE INDEX telemetry_bucket_parts_by_time ON telemetry_bucket_parts (bucket_start, series);
          """;
}
