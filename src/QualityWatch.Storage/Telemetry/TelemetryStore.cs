using System.Data.Common;
using System.Threading.Channels;
using QualityWatch.Core.Telemetry;

namespace QualityWatch.Storage.Telemetry;

/// <summary>
/// Durable telemetry storage. <c>AppendAsync</c> completes only once a request's calls, aggregated into
/// series-minute parts, are committed to the ingest log (group commit: every request waiting at that moment shares one transaction, which SQLite runs with
/// WAL + synchronous=FULL). A single writer loop then folds committed batches into one-minute bucket parts by event
/// time, deleting the log rows in the same transaction, so each call is counted exactly once even across crashes
/// and across PostgreSQL replicas (<c>DELETE … RETURNING</c> decides who folds a row).
/// </summary>
public sealed class TelemetryStore : ISeriesBucketSource, IAsyncDisposable
{
    private const long LeadershipLockKey = 7157002;
    private static readonly TimeSpan OrphanAge = TimeSpan.FromSeconds(30);

    private readonly IQualityWatchDatabase _database;
    private readonly TelemetryStoreOptions _options;
    private readonly TimeProvider _time;
    private readonly Channel<WorkItem> _work = Channel.CreateUnbounded<WorkItem>(new UnboundedChannelOptions { SingleReader = true });
    private readonly List<PendingBatch> _pending = [];
    private BucketParts _pendingParts = new();
    private readonly CancellationTokenSource _stopping = new();
    private Task _writer = Task.CompletedTask;
    private long _queuedSpans;
    private long _lastMaintenance;
    private DbConnection? _connection;

    private TelemetryStore(IQualityWatchDatabase database, TelemetryStoreOptions options, TimeProvider time)
    {
        _database = database;
        _options = options;
        _time = time;
        Leadership = new DatabaseLeadership(database, LeadershipLockKey);
        _lastMaintenance = time.GetTimestamp();
    }

    /// <summary>Leadership of the periodic jobs (maintenance here; detection may share it).</summary>
    public DatabaseLeadership Leadership { get; }

    /// <summary>Spans handed to <see cref="AppendAsync"/> and not yet committed.</summary>
    public long QueuedSpans => Interlocked.Read(ref _queuedSpans);

    /// <summary>Opens the store on a migrated database (see <see cref="TelemetryStorage.Migrations"/>) and folds any log rows left by a previous run.</summary>
    public static async Task<TelemetryStore> OpenAsync(IQualityWatchDatabase database, TelemetryStoreOptions options, TimeProvider? timeProvider, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(options);
        var store = new TelemetryStore(database, options, timeProvider ?? TimeProvider.System);
        await store.Leadership.TryAcquireAsync(cancellationToken);
        await store.RecoverAsync(TimeSpan.Zero, cancellationToken);
        store._writer = Task.Run(store.RunWriterAsync, CancellationToken.None);
        return store;
    }

    /// <summary>Commits <paramref name="events"/> durably; completes when the commit is on disk.</summary>
    /// <exception cref="ObjectDisposedException">The store is shutting down.</exception>
    public Task AppendAsync(IReadOnlyList<TelemetryEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        return events.Count == 0 ? Task.CompletedTask : Append(BucketParts.Of(events), events.Count, cancellationToken);
    }

    /// <summary>Commits a request's calls, aggregated by the caller, durably; completes when the commit is on disk.</summary>
    /// <exception cref="ObjectDisposedException">The store is shutting down.</exception>
    public Task AppendAsync(CallBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        return batch.IsEmpty ? Task.CompletedTask : Append(batch.Parts, batch.Calls, cancellationToken);
    }

    private Task Append(BucketParts parts, int spans, CancellationToken cancellationToken)
    {
        // The log row holds the request's parts (format 3): encoding happens here, on the caller's thread, so the
        // single writer only commits and merges.
        var item = new WorkItem(new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), TelemetryCodec.EncodeParts(parts), spans, parts);
        Interlocked.Add(ref _queuedSpans, spans);
        if (!_work.Writer.TryWrite(item))
        {
            Interlocked.Add(ref _queuedSpans, -spans);
            throw new ObjectDisposedException(nameof(TelemetryStore), "the telemetry store is shutting down");
        }

        // The caller may stop waiting; the commit itself is never cancelled half-way.
        return item.Completion.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Folds everything committed so far into buckets (tests and shutdown use it; ingestion never waits on it).</summary>
    public Task FlushAsync(CancellationToken cancellationToken)
    {
        var item = new WorkItem(new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), null, 0, null);
        return _work.Writer.TryWrite(item) ? item.Completion.Task.WaitAsync(cancellationToken) : _writer.WaitAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<SeriesBucket>> QueryBucketsAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT series, bucket_start, data FROM telemetry_bucket_parts WHERE bucket_start >= @from AND bucket_start < @to ORDER BY series, bucket_start";
        command.AddParameter("@from", from.ToUnixTimeSeconds());
        command.AddParameter("@to", to.ToUnixTimeSeconds());
        var buckets = new List<SeriesBucket>();
        string? currentSeries = null;
        long currentStart = 0;
        SeriesKey? currentKey = null;
        BucketAccumulator? current = null;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var series = reader.GetString(0);
                var start = reader.GetInt64(1);
                var (key, part) = BucketAccumulator.Deserialize((byte[])reader.GetValue(2));
                if (current is not null && series == currentSeries && start == currentStart)
                {
                    current.Merge(part);
                    continue;
                }

                if (current is not null)
                {
                    buckets.Add(current.ToBucket(currentKey!, DateTimeOffset.FromUnixTimeSeconds(currentStart)));
                }

                (currentSeries, currentStart, currentKey, current) = (series, start, key, part);
            }
        }

        if (current is not null)
        {
            buckets.Add(current.ToBucket(currentKey!, DateTimeOffset.FromUnixTimeSeconds(currentStart)));
        }

        return buckets;
    }

    /// <summary>Merges bucket parts and applies retention when this replica leads; returns whether it did.</summary>
    public Task<bool> RunMaintenanceAsync(CancellationToken cancellationToken)
    {
        var item = new WorkItem(new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), null, 0, null, Maintenance: true);
        if (!_work.Writer.TryWrite(item))
        {
            return Task.FromResult(false);
        }

        return item.Completion.Task.WaitAsync(cancellationToken).ContinueWith(_ => Leadership.IsLeader, cancellationToken, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
    }

    /// <summary>Stops accepting, commits what is queued, folds it into buckets and closes.</summary>
    public async ValueTask DisposeAsync()
    {
        _work.Writer.TryComplete();
        try
        {
            await _writer.WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException)
        {
            await _stopping.CancelAsync();
        }

        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }

        await Leadership.DisposeAsync();
        _stopping.Dispose();
    }

    private async Task RunWriterAsync()
    {
        var token = _stopping.Token;
        var reader = _work.Reader;
        var aggregationInterval = TimeSpan.FromMilliseconds(Math.Max(10, _options.AggregationIntervalMilliseconds));
        var lastFold = _time.GetTimestamp();
        Task<bool>? waiting = null;
        var batches = new List<WorkItem>();
        var others = new List<WorkItem>();
        while (!token.IsCancellationRequested)
        {
            waiting ??= reader.WaitToReadAsync(token).AsTask();
            var finished = await Task.WhenAny(waiting, Task.Delay(aggregationInterval, _time, CancellationToken.None)) == waiting;
            var more = true;
            if (finished)
            {
                try
                {
                    more = await waiting;
                }
                catch (OperationCanceledException)
                {
                    more = false;
                }

                waiting = null;
            }

            while (batches.Count < _options.MaxBatchesPerCommit && reader.TryRead(out var item))
            {
                (item.Payload is null ? others : batches).Add(item);
            }

            if (batches.Count > 0)
            {
                // A due fold rides along in the commit's transaction: one fsync instead of two.
                if (await CommitAsync(batches, fold: _time.GetElapsedTime(lastFold) >= aggregationInterval, token))
                {
                    lastFold = _time.GetTimestamp();
                }

                batches.Clear();
            }

            var maintenanceDue = _time.GetElapsedTime(_lastMaintenance) >= TimeSpan.FromSeconds(Math.Max(1, _options.MaintenanceIntervalSeconds));
            if (others.Count > 0 || !more || _time.GetElapsedTime(lastFold) >= aggregationInterval || maintenanceDue)
            {
                var folded = await TryFoldAsync(token);
                lastFold = _time.GetTimestamp();
                if (others.Exists(o => o.Maintenance) || maintenanceDue)
                {
                    folded &= await TryMaintainAsync(token);
                    _lastMaintenance = _time.GetTimestamp();
                }

                foreach (var other in others)
                {
                    if (folded)
                    {
                        other.Completion.TrySetResult();
                    }
                    else
                    {
                        other.Completion.TrySetException(new InvalidOperationException("the telemetry store could not fold its ingest log; see the collector log"));
                    }
                }

                others.Clear();
            }

            if (!more && !reader.TryPeek(out _))
            {
                break;
            }
        }
    }

    /// <summary>
    /// Commits <paramref name="batches"/> to the ingest log and acknowledges them; with <paramref name="fold"/>, the
    /// same transaction first folds the rows committed earlier. Returns whether that fold happened.
    /// </summary>
    private async Task<bool> CommitAsync(List<WorkItem> batches, bool fold, CancellationToken cancellationToken)
    {
        var folding = fold && _pending.Count > 0;
        try
        {
            var connection = await WriterConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            if (folding)
            {
                await FoldPendingAsync(connection, transaction, cancellationToken);
            }

            await using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO telemetry_ingest_log (received_at, spans, payload) VALUES (@received, @spans, @payload) RETURNING id";
            var received = insert.AddParameter("@received", _time.GetUtcNow().ToUnixTimeMilliseconds());
            var spans = insert.AddParameter("@spans", 0);
            var payload = insert.AddParameter("@payload", Array.Empty<byte>());
            var ids = new long[batches.Count];
            for (var i = 0; i < batches.Count; i++)
            {
                spans.Value = batches[i].Spans;
                payload.Value = batches[i].Payload!;
                ids[i] = Convert.ToInt64(await insert.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
            }

            await transaction.CommitAsync(cancellationToken);
            if (folding)
            {
                _pending.Clear();
                _pendingParts = new BucketParts();
            }

            // Acknowledge first: merging the parts is the writer's own bookkeeping and need not delay any request.
            for (var i = 0; i < batches.Count; i++)
            {
                Interlocked.Add(ref _queuedSpans, -batches[i].Spans);
                batches[i].Completion.TrySetResult();
            }

            for (var i = 0; i < batches.Count; i++)
            {
                _pending.Add(new PendingBatch(ids[i], batches[i].Payload!));
                _pendingParts.Merge(batches[i].Parts!);
            }

            return folding;
        }
        catch (Exception exception) when (folding && exception is DbException or InvalidOperationException or InvalidDataException)
        {
            // Perhaps only the fold failed: commit the requests on their own; the fold is retried later.
            await ResetConnectionAsync();
            return await CommitAsync(batches, fold: false, cancellationToken);
        }
        catch (Exception exception) when (exception is DbException or InvalidOperationException or OperationCanceledException)
        {
            await ResetConnectionAsync();
            foreach (var batch in batches)
            {
                Interlocked.Add(ref _queuedSpans, -batch.Spans);
                batch.Completion.TrySetException(new TelemetryStoreUnavailableException("the ingest log could not be committed", exception));
            }

            return false;
        }
    }

    private async Task<bool> TryFoldAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (_pending.Count > 0)
            {
                var connection = await WriterConnectionAsync(cancellationToken);
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await FoldPendingAsync(connection, transaction, cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                _pending.Clear();
                _pendingParts = new BucketParts();
            }

            return true;
        }
        catch (Exception exception) when (exception is DbException or InvalidOperationException or InvalidDataException)
        {
            await ResetConnectionAsync();
            return false;
        }
    }

    /// <summary>Folds the rows this replica committed since the last fold, inside <paramref name="transaction"/>.</summary>
    private Task FoldPendingAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) =>
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
    private async Task FoldAsync(DbConnection connection, DbTransaction transaction, List<long> ids, Func<HashSet<long>, BucketParts> partsOfSurvivors, CancellationToken cancellationToken)
    {
        var survivors = new HashSet<long>();
        await using (var delete = connection.CreateCommand())
        {
            delete.Transaction = transaction;
            if (_database.Dialect == SqlDialect.Postgres)
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

        await InsertPartsAsync(connection, transaction, partsOfSurvivors(survivors).All, cancellationToken);
    }

    private static async Task InsertPartsAsync(DbConnection connection, DbTransaction transaction, IEnumerable<(string Series, long Start, SeriesKey Key, BucketAccumulator Accumulator)> parts, CancellationToken cancellationToken)
    {
        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT INTO telemetry_bucket_parts (series, bucket_start, data) VALUES (@series, @start, @data)";
        var series = insert.AddParameter("@series", string.Empty);
        var start = insert.AddParameter("@start", 0L);
        var data = insert.AddParameter("@data", Array.Empty<byte>());
        foreach (var part in parts)
        {
            series.Value = part.Series;
            start.Value = part.Start;
            data.Value = part.Accumulator.Serialize(part.Key);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private async Task<bool> TryMaintainAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (_database.Dialect == SqlDialect.Postgres)
            {
                // Rows a crashed replica committed but never folded.
                await RecoverAsync(OrphanAge, cancellationToken);
            }

            if (!await Leadership.TryAcquireAsync(cancellationToken))
            {
                return true;
            }

            await CompactAsync(cancellationToken);
            if (_options.BucketRetentionDays > 0)
            {
                var connection = await WriterConnectionAsync(cancellationToken);
                await using var delete = connection.CreateCommand();
                delete.CommandText = "DELETE FROM telemetry_bucket_parts WHERE bucket_start < @cutoff";
                delete.AddParameter("@cutoff", _time.GetUtcNow().AddDays(-_options.BucketRetentionDays).ToUnixTimeSeconds());
                await delete.ExecuteNonQueryAsync(cancellationToken);
            }

            if (_options.ContentRetentionDays > 0)
            {
                var connection = await WriterConnectionAsync(cancellationToken);
                await using var delete = connection.CreateCommand();
                delete.CommandText = "DELETE FROM telemetry_call_content WHERE start_time < @cutoff";
                delete.AddParameter("@cutoff", _time.GetUtcNow().AddDays(-_options.ContentRetentionDays).ToUnixTimeMilliseconds());
                await delete.ExecuteNonQueryAsync(cancellationToken);
            }

            return true;
        }
        catch (Exception exception) when (exception is DbException or InvalidOperationException)
        {
            await ResetConnectionAsync();
            return false;
        }
    }

    private async Task CompactAsync(CancellationToken cancellationToken)
    {
        var connection = await WriterConnectionAsync(cancellationToken);
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
                if (_database.Dialect == SqlDialect.Postgres)
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
                await InsertPartsAsync(connection, transaction, [(series, start, key!, merged)], cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }
    }

    private async Task RecoverAsync(TimeSpan minimumAge, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        var cutoff = _time.GetUtcNow().Subtract(minimumAge).ToUnixTimeMilliseconds();
        var known = _pending.Select(b => b.Id).ToHashSet();
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
            await FoldAsync(connection, transaction, batches.ConvertAll(b => b.Id), survivors => Merged(batches.Where(b => survivors.Contains(b.Id)).Select(b => b.Parts)), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
    }

    private static BucketParts Merged(IEnumerable<BucketParts> parts)
    {
        var merged = new BucketParts();
        foreach (var part in parts)
        {
            merged.Merge(part);
        }

        return merged;
    }

    private async ValueTask<DbConnection> WriterConnectionAsync(CancellationToken cancellationToken)
    {
        if (_connection is { State: System.Data.ConnectionState.Open })
        {
            return _connection;
        }

        await ResetConnectionAsync();
        _connection = await _database.OpenConnectionAsync(cancellationToken);
        return _connection;
    }

    private async Task ResetConnectionAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
            _connection = null;
        }
    }

    private sealed record WorkItem(TaskCompletionSource Completion, byte[]? Payload, int Spans, BucketParts? Parts, bool Maintenance = false);

    private sealed record PendingBatch(long Id, byte[] Payload);

    private sealed record CommittedBatch(long Id, BucketParts Parts);
}
