namespace QualityWatch.Storage;

/// <summary>
/// One schema change. Ids are prefixed by the module that owns the tables (<c>canaries-0001</c>,
/// <c>telemetry-0001</c>, <c>alerts-0001</c>, <c>detection-0001</c>) and applied once each, in id order.
/// </summary>
public interface ISchemaMigration
{
    /// <summary>Unique id, ordered within its module.</summary>
    string Id { get; }

    /// <summary>The DDL for <paramref name="dialect"/>; may hold several statements separated by semicolons.</summary>
    string Sql(SqlDialect dialect);
}
