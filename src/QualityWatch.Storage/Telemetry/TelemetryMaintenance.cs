using System.Data.Common;
using QualityWatch.Core.Telemetry;

namespace QualityWatch.Storage.Telemetry;

/// <summary>
/// The periodic jobs around the ingest log and the buckets: recovery of log rows nobody folded (a previous run's, or
/// on PostgreSQL a crashed replica's), and, on the leader only, compaction of bucket parts and retention.
/// </summary>
/// <remarks>Runs on the writer loop (and once at open, before the loop starts).</remarks>
internal sealed class TelemetryMaintenance(
    IQualityWatchDatabase database,
    TelemetryStoreOptions options,
    TimeProvider time,
    DatabaseLeadership leadership,
    WriterConnection writerConnection,
    IngestLogFold fold)
{
    private static readonly TimeSpan OrphanAge = TimeSpan.FromSeconds(30);

    /// <summary>Recovers orphaned rows, then compacts and applies retention when this replica leads; false when a step failed.</summary>
    public async Task<bool> TryMaintainAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (database.Dialect == SqlDialect.Postgres)
            {
                // Rows a crashed replica committed but never folded.
                await RecoverAsync(OrphanAge, cancellationToken);
            }

            if (!await leadership.TryAcquireAsync(cancellationToken))
            {
                return true;
            }

            await CompactAsync(cancellationToken);
            await ApplyRetentionAsync(cancellationToken);
            return true;
        }
        catch (Exception exception) when (exception is DbException or InvalidOperationException)
        {
            await writerConnection.ResetAsync();
            return false;
        }
    }

    /// <summary>Folds log rows at least <paramref name="minimumAge"/> old that this replica is not about to fold itself.</summary>
    public async Task RecoverAsync(TimeSpan minimumAge, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var cutoff = time.GetUtcNow().Subtract(minimumAge).ToUnixTimeMilliseconds();
        var known = fold.PendingIds();
        long after = 0;
        while (true)
        {
            var batches = new List<CommittedBatch>();
            await using (var select = connection.CreateCommand())
            {
                select.CommandText = "SELECT id, payload FROM telemetry_ingest_log WHERE id > @after AND received_at <= @cutoff ORDER BY id LIMIT 256";
                select.AddParameter("@after", after);
                select.AddParameter("@cutoff", cutoff);
                await using var reader = await select.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    var id = reader.GetInt64(0);
                    after = id;
                    if (!known.Contains(id))
                    {
                        batches.Add(new CommittedBatch(id, TelemetryCodec.DecodeParts((byte[])reader.GetValue(1))));
                    }
                }
            }

            if (batches.Count == 0)
            {
                return;
            }

            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await fold.FoldAsync(connection, transaction, batches.ConvertAll(b => b.Id), survivors => IngestLogFold.Merged(batches.Where(b => survivors.Contains(b.Id)).Select(b => b.Parts)), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
    }

    /// <summary>Merges the parts of up to 1000 buckets that have more than one into a single part each.</summary>
    private async Task CompactAsync(CancellationToken cancellationToken)
    {
        var connection = await writerConnection.OpenAsync(cancellationToken);
        var groups = new List<(string Series, long Start)>();
        await using (var select = connection.CreateCommand())
        {
            select.CommandText = "SELECT series, bucket_start FROM telemetry_bucket_parts GROUP BY series, bucket_start HAVING COUNT(*) > 1 LIMIT 1000";
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                groups.Add((reader.GetString(0), reader.GetInt64(1)));
            }
        }

        foreach (var (series, start) in groups)
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var ids = new List<long>();
            SeriesKey? key = null;
            BucketAccumulator? merged = null;
            await using (var select = connection.CreateCommand())
            {
                select.Transaction = transaction;
                select.CommandText = "SELECT id, data FROM telemetry_bucket_parts WHERE series = @series AND bucket_start = @start";
                select.AddParameter("@series", series);
                select.AddParameter("@start", start);
                await using var reader = await select.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    ids.Add(reader.GetInt64(0));
                    var (partKey, part) = BucketAccumulator.Deserialize((byte[])reader.GetValue(1));
                    key ??= partKey;
                    if (merged is null)
                    {
                        merged = part;
                    }
                    else
                    {
                        merged.Merge(part);
                    }
                }
            }

            if (ids.Count > 1 && merged is not null)
            {
                await using var delete = connection.CreateCommand();
                delete.Transaction = transaction;
                if (database.Dialect == SqlDialect.Postgres)
                {
                    delete.CommandText = "DELETE FROM telemetry_bucket_parts WHERE id = ANY(@ids)";
                    delete.AddParameter("@ids", ids.ToArray());
                }
                else
                {
                    delete.CommandText = "DELETE FROM telemetry_bucket_parts WHERE series = @series AND bucket_start = @start";
                    delete.AddParameter("@series", series);
                    delete.AddParameter("@start", start);
                }

                await delete.ExecuteNonQueryAsync(cancellationToken);
                await BucketPartsTable.InsertAsync(connection, transaction, [(series, start, key!, merged)], cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }
    }

    private async Task ApplyRetentionAsync(CancellationToken cancellationToken)
    {
        if (options.BucketRetentionDays > 0)
        {
            var connection = await writerConnection.OpenAsync(cancellationToken);
            await using var delete = connection.CreateCommand();
            delete.CommandText = "DELETE FROM telemetry_bucket_parts WHERE bucket_start < @cutoff";
            delete.AddParameter("@cutoff", time.GetUtcNow().AddDays(-options.BucketRetentionDays).ToUnixTimeSeconds());
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }

        if (options.ContentRetentionDays > 0)
        {
            var connection = await writerConnection.OpenAsync(cancellationToken);
            await using var delete = connection.CreateCommand();
            delete.CommandText = "DELETE FROM telemetry_call_content WHERE start_time < @cutoff";
            delete.AddParameter("@cutoff", time.GetUtcNow().AddDays(-options.ContentRetentionDays).ToUnixTimeMilliseconds());
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private sealed record CommittedBatch(long Id, BucketParts Parts);
}
