using System.Data.Common;

namespace QualityWatch.Storage.Telemetry;

/// <summary>
/// Folds committed ingest-log rows into one-minute bucket parts by event time, deleting the rows in the same
/// transaction: a row is counted by whoever deletes it, exactly once, even across crashes and PostgreSQL replicas
/// (<c>DELETE … RETURNING</c> decides who folds a row).
/// </summary>
/// <remarks>
/// It remembers the rows this replica committed since the last fold together with their parts, already merged at
/// append time, so a normal fold decodes nothing. Only the writer loop uses it.
/// </remarks>
internal sealed class IngestLogFold(IQualityWatchDatabase database, WriterConnection writerConnection)
{
    private readonly List<PendingBatch> _pending = [];
    private BucketParts _pendingParts = new();

    /// <summary>Whether rows this replica committed are waiting to be folded.</summary>
    public bool HasPending => _pending.Count > 0;

    /// <summary>The log rows this replica committed and has not folded yet; recovery leaves them alone.</summary>
    public HashSet<long> PendingIds() => _pending.Select(b => b.Id).ToHashSet();

    /// <summary>Remembers a row just committed to the log, with the parts it adds.</summary>
    public void Add(long id, byte[] payload, BucketParts parts)
    {
        _pending.Add(new PendingBatch(id, payload));
        _pendingParts.Merge(parts);
    }

    /// <summary>Forgets the pending rows once the transaction that folded them has committed.</summary>
    public void Folded()
    {
        _pending.Clear();
        _pendingParts = new BucketParts();
    }

    /// <summary>Folds the pending rows in a transaction of its own; false (and the rows stay pending) when that failed.</summary>
    public async Task<bool> TryFoldAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (_pending.Count > 0)
            {
                var connection = await writerConnection.OpenAsync(cancellationToken);
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await FoldPendingAsync(connection, transaction, cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                Folded();
            }

            return true;
        }
        catch (Exception exception) when (exception is DbException or InvalidOperationException or InvalidDataException)
        {
            await writerConnection.ResetAsync();
            return false;
        }
    }

    /// <summary>Folds the pending rows inside <paramref name="transaction"/>; the caller commits it and then calls <see cref="Folded"/>.</summary>
    public Task FoldPendingAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) =>
        FoldAsync(
            connection,
            transaction,
            _pending.ConvertAll(p => p.Id),

            // Normally every row is still ours and the parts aggregated at append time are exact; if another replica
            // recovered some rows meanwhile, the parts are rebuilt from the rows that are still ours.
            survivors => survivors.Count == _pending.Count
                ? _pendingParts
                : Merged(_pending.Where(p => survivors.Contains(p.Id)).Select(p => TelemetryCodec.DecodeParts(p.Payload))),
            cancellationToken);

    /// <summary>
    /// Deletes the log rows <paramref name="ids"/> and inserts the parts of those this transaction deleted: a row is
    /// counted by whoever deletes it, exactly once. The caller commits <paramref name="transaction"/>.
    /// </summary>
    public async Task FoldAsync(DbConnection connection, DbTransaction transaction, List<long> ids, Func<HashSet<long>, BucketParts> partsOfSurvivors, CancellationToken cancellationToken)
    {
        var survivors = new HashSet<long>();
        await using (var delete = connection.CreateCommand())
        {
            delete.Transaction = transaction;
            if (database.Dialect == SqlDialect.Postgres)
            {
                delete.CommandText = "DELETE FROM telemetry_ingest_log WHERE id = ANY(@ids) RETURNING id";
                delete.AddParameter("@ids", ids.ToArray());
            }
            else
            {
                // One process owns a SQLite file, so every row in the range is one of ours.
                delete.CommandText = "DELETE FROM telemetry_ingest_log WHERE id >= @min AND id <= @max RETURNING id";
                delete.AddParameter("@min", ids.Min());
                delete.AddParameter("@max", ids.Max());
            }

            await using var reader = await delete.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                survivors.Add(reader.GetInt64(0));
            }
        }

        await BucketPartsTable.InsertAsync(connection, transaction, partsOfSurvivors(survivors).All, cancellationToken);
    }

    public static BucketParts Merged(IEnumerable<BucketParts> parts)
    {
        var merged = new BucketParts();
        foreach (var part in parts)
        {
            merged.Merge(part);
        }

        return merged;
    }

    private sealed record PendingBatch(long Id, byte[] Payload);
}
