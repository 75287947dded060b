namespace QualityWatch.Storage.Telemetry;

/// <summary>
/// <c>telemetry-0002</c>: prompt and completion content of calls, kept only when the operator opts in
/// (<c>collector.content.store</c>). One row per call, addressed by its trace and span id; retention deletes by event time.
/// </summary>
internal sealed class TelemetrySchemaV2 : ISchemaMigration
{
    public string Id => "telemetry-0002";

    public string Sql(SqlDialect dialect) => dialect == SqlDialect.Postgres
        ? """
          CREATE TABLE telemetry_call_content (
            trace_id TEXT NOT NULL, span_id TEXT NOT NULL, series TEXT NOT NULL, start_time BIGINT NOT NULL,
            stored_at BIGINT NOT NULL, content_hash TEXT NOT NULL, input_messages TEXT NOT NULL, output_messages TEXT NOT NULL,
            PRIMARY KEY (trace_id, span_id));
          CREATE INDEX telemetry_call_content_by_time ON telemetry_call_content (start_time);
          CREATE INDEX telemetry_call_content_by_series ON telemetry_call_content (series, start_time);
          """
        : """
          CREATE TABLE telemetry_call_content (
            trace_id TEXT NOT NULL, span_id TEXT NOT NULL, series TEXT NOT NULL, start_time INTEGER NOT NULL,
            stored_at INTEGER NOT NULL, content_hash TEXT NOT NULL, input_messages TEXT NOT NULL, output_messages TEXT NOT NULL,
            PRIMARY KEY (trace_id, span_id));
          CREATE INDEX telemetry_call_content_by_time ON telemetry_call_content (start_time);
          CREATE INDEX telemetry_call_content_by_series ON telemetry_call_content (series, start_time);
          """;
}
