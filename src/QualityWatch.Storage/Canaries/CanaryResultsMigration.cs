namespace QualityWatch.Storage.Canaries;

/// <summary><c>canaries-0001</c>: one row per canary call, keyed by provider, model, suite, case, round and time.</summary>
internal sealed class CanaryResultsMigration : ISchemaMigration
{
    public string Id => "canaries-0001";

    public string Sql(SqlDialect dialect)
    {
        var (id, real) = dialect == SqlDialect.Postgres
            ? ("BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY", "DOUBLE PRECISION")
            : ("INTEGER PRIMARY KEY AUTOINCREMENT", "REAL");
        return $"""
            CREATE TABLE canary_results (
                id {id},
                run_id TEXT NOT NULL,
                round INTEGER NOT NULL,
                ts_unix_ms BIGINT NOT NULL,
                provider TEXT NOT NULL,
                model TEXT NOT NULL,
                suite TEXT NOT NULL,
                case_id TEXT NOT NULL,
                category TEXT NOT NULL,
                outcome TEXT NOT NULL,
                latency_ms {real} NOT NULL,
                ttft_ms {real} NULL,
                input_tokens BIGINT NULL,
                output_tokens BIGINT NULL,
                cost_usd TEXT NOT NULL,
                finish_reason TEXT NULL,
                error_type TEXT NULL,
                expected TEXT NOT NULL,
                actual TEXT NULL,
                failure_reasons TEXT NOT NULL,
                system_fingerprint TEXT NULL,
                labels TEXT NOT NULL
            );
            CREATE INDEX ix_canary_results_time ON canary_results (ts_unix_ms);
            CREATE INDEX ix_canary_results_key ON canary_results (provider, model, suite, case_id, round, ts_unix_ms)
            """;
    }
}
