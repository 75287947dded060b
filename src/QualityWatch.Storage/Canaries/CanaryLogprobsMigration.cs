namespace QualityWatch.Storage.Canaries;

/// <summary><c>canaries-0004</c>: temperature-0 tokens inspected through log-probabilities and the greedy violations
/// among them (null for calls that reported none).</summary>
internal sealed class CanaryLogprobsMigration : ISchemaMigration
{
    public string Id => "canaries-0004";

    public string Sql(SqlDialect dialect) => """
        ALTER TABLE canary_results ADD COLUMN logprob_tokens BIGINT NULL;
        ALTER TABLE canary_results ADD COLUMN greedy_violations BIGINT NULL
        """;
}
