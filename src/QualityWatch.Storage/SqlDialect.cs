namespace QualityWatch.Storage;

/// <summary>The SQL dialect of a database; stores branch on it only where the two really differ.</summary>
public enum SqlDialect
{
    Sqlite,
    Postgres,
}
