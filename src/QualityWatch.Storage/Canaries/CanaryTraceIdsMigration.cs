namespace QualityWatch.Storage.Canaries;

/// <summary><c>canaries-0002</c>: the trace and span id of each canary call, so evidence can point at its trace.</summary>
internal sealed class CanaryTraceIdsMigration : ISchemaMigration
{
    public string Id => "canaries-0002";

    public string Sql(SqlDialect dialect) => """
        ALTER TABLE canary_results ADD COLUMN trace_id TEXT NULL;
        ALTER TABLE canary_results ADD COLUMN span_id TEXT NULL
        """;
}
