using System.Data.Common;

namespace QualityWatch.Storage;

/// <summary>An open, migrated QualityWatch database: SQLite or PostgreSQL.</summary>
public interface IQualityWatchDatabase : IAsyncDisposable
{
    /// <summary>Which SQL dialect statements must be written in.</summary>
    SqlDialect Dialect { get; }

    /// <summary>Opens a pooled connection; dispose it when done.</summary>
    ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken);
}
