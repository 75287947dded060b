using System.Data.Common;
using System.Threading.Channels;

namespace QualityWatch.Storage.Telemetry;

/// <summary>
/// The single writer loop. Group commit: every request waiting when the loop wakes shares one transaction on the
/// ingest log (which SQLite runs with WAL + synchronous=FULL) and is acknowledged once it commits. Between commits
/// the loop runs the fold when due (riding along in the next commit's transaction when it can) and maintenance.
/// </summary>
internal sealed class IngestWriter : IAsyncDisposable
{
    private readonly Channel<WorkItem> _work = Channel.CreateUnbounded<WorkItem>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stopping = new();
    private readonly TelemetryStoreOptions _options;
    private readonly TimeProvider _time;
    private readonly WriterConnection _connection;
    private readonly IngestLogFold _fold;
    private readonly TelemetryMaintenance _maintenance;
    private Task _loop = Task.CompletedTask;
    private long _queuedSpans;
    private long _lastMaintenance;

    public IngestWriter(TelemetryStoreOptions options, TimeProvider time, WriterConnection connection, IngestLogFold fold, TelemetryMaintenance maintenance)
    {
        _options = options;
        _time = time;
        _connection = connection;
        _fold = fold;
        _maintenance = maintenance;
        _lastMaintenance = time.GetTimestamp();
    }

    /// <summary>Spans handed to <see cref="AppendAsync"/> and not yet committed.</summary>
    public long QueuedSpans => Interlocked.Read(ref _queuedSpans);

    public void Start() => _loop = Task.Run(RunAsync, CancellationToken.None);

    /// <summary>Queues a request's parts; completes when they are committed to the ingest log.</summary>
    /// <exception cref="ObjectDisposedException">The writer is shutting down.</exception>
    public Task AppendAsync(BucketParts parts, int spans, CancellationToken cancellationToken)
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

    /// <summary>Completes once everything committed so far is folded (or, when shutting down, once the loop ends).</summary>
    public Task FlushAsync(CancellationToken cancellationToken)
    {
        var item = new WorkItem(new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), null, 0, null);
        return _work.Writer.TryWrite(item) ? item.Completion.Task.WaitAsync(cancellationToken) : _loop.WaitAsync(cancellationToken);
    }

    /// <summary>Asks the loop for a fold and maintenance now; null when the writer is shutting down.</summary>
    public Task? RequestMaintenance()
    {
        var item = new WorkItem(new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), null, 0, null, Maintenance: true);
        return _work.Writer.TryWrite(item) ? item.Completion.Task : null;
    }

    /// <summary>Stops accepting, lets the loop commit and fold what is queued (up to 30 s), then stops it.</summary>
    public async ValueTask DisposeAsync()
    {
        _work.Writer.TryComplete();
        try
        {
            await _loop.WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException)
        {
            await _stopping.CancelAsync();
        }

        _stopping.Dispose();
    }

    private async Task RunAsync()
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
                var folded = await _fold.TryFoldAsync(token);
                lastFold = _time.GetTimestamp();
                if (others.Exists(o => o.Maintenance) || maintenanceDue)
                {
                    folded &= await _maintenance.TryMaintainAsync(token);
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
        var folding = fold && _fold.HasPending;
        try
        {
            var connection = await _connection.OpenAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            if (folding)
            {
                await _fold.FoldPendingAsync(connection, transaction, cancellationToken);
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
                _fold.Folded();
            }

            // Acknowledge first: merging the parts is the writer's own bookkeeping and need not delay any request.
            for (var i = 0; i < batches.Count; i++)
            {
                Interlocked.Add(ref _queuedSpans, -batches[i].Spans);
                batches[i].Completion.TrySetResult();
            }

            for (var i = 0; i < batches.Count; i++)
            {
                _fold.Add(ids[i], batches[i].Payload!, batches[i].Parts!);
            }

            return folding;
        }
        catch (Exception exception) when (folding && exception is DbException or InvalidOperationException or InvalidDataException)
        {
            // Perhaps only the fold failed: commit the requests on their own; the fold is retried later.
            await _connection.ResetAsync();
            return await CommitAsync(batches, fold: false, cancellationToken);
        }
        catch (Exception exception) when (exception is DbException or InvalidOperationException or OperationCanceledException)
        {
            await _connection.ResetAsync();
            foreach (var batch in batches)
            {
                Interlocked.Add(ref _queuedSpans, -batch.Spans);
                batch.Completion.TrySetException(new TelemetryStoreUnavailableException("the ingest log could not be committed", exception));
            }

            return false;
        }
    }

    private sealed record WorkItem(TaskCompletionSource Completion, byte[]? Payload, int Spans, BucketParts? Parts, bool Maintenance = false);
}
