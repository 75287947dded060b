namespace QualityWatch.Storage.Canaries;

/// <summary><c>canaries-0003</c>: the session identity each canary call was sent under (null for calls without one).</summary>
internal sealed class CanarySessionMigration : ISchemaMigration
{
    public string Id => "canaries-0003";

    public string Sql(SqlDialect dialect) => "ALTER TABLE canary_results ADD COLUMN session TEXT NULL";
}
