using QualityWatch.Core.Telemetry;

namespace QualityWatch.Storage.Telemetry;

/// <summary>
/// Durable telemetry storage. <c>AppendAsync</c> completes only once a request's calls, aggregated into
/// series-minute parts, are committed to the ingest log (<see cref="IngestWriter"/>: group commit). The same
/// writer folds committed rows into one-minute bucket parts by event time (<see cref="IngestLogFold"/>: each call
/// counted exactly once, even across crashes and PostgreSQL replicas) and runs recovery, compaction and retention
/// (<see cref="TelemetryMaintenance"/>).
/// </summary>
public sealed class TelemetryStore : ISeriesBucketSource, ILatencyQuantileSource, IAsyncDisposable
{
    private const long LeadershipLockKey = 7157002;

    private readonly IQualityWatchDatabase _database;
    private readonly WriterConnection _connection;
    private readonly TelemetryMaintenance _maintenance;
    private readonly IngestWriter _writer;

    /// <summary>
    /// A store that touches the database only from <see cref="StartAsync"/> on: a host creates it as a singleton and
    /// starts it once <see cref="TelemetryStorage.Migrations"/> are applied.
    /// </summary>
    public TelemetryStore(IQualityWatchDatabase database, TelemetryStoreOptions options, TimeProvider? timeProvider)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(options);
        var time = timeProvider ?? TimeProvider.System;
        _database = database;
        Leadership = new DatabaseLeadership(database, LeadershipLockKey);
        _connection = new WriterConnection(database);
        var fold = new IngestLogFold(database, _connection);
        _maintenance = new TelemetryMaintenance(database, options, time, Leadership, _connection, fold);
        _writer = new IngestWriter(options, time, _connection, fold, _maintenance);
    }

    /// <summary>Leadership of the periodic jobs (maintenance here; detection may share it).</summary>
    public DatabaseLeadership Leadership { get; }

    /// <summary>Spans handed to <see cref="AppendAsync(IReadOnlyList{TelemetryEvent}, CancellationToken)"/> and not yet committed.</summary>
    public long QueuedSpans => _writer.QueuedSpans;

    /// <summary>Opens the store on a migrated database (see <see cref="TelemetryStorage.Migrations"/>) and folds any log rows left by a previous run.</summary>
    public static async Task<TelemetryStore> OpenAsync(IQualityWatchDatabase database, TelemetryStoreOptions options, TimeProvider? timeProvider, CancellationToken cancellationToken)
    {
        var store = new TelemetryStore(database, options, timeProvider);
        await store.StartAsync(cancellationToken);
        return store;
    }

    /// <summary>Folds any log rows left by a previous run and starts the writer; call once, on a migrated database.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await Leadership.TryAcquireAsync(cancellationToken);
        await _maintenance.RecoverAsync(TimeSpan.Zero, cancellationToken);
        _writer.Start();
    }

    /// <summary>Commits <paramref name="events"/> durably; completes when the commit is on disk.</summary>
    /// <exception cref="ObjectDisposedException">The store is shutting down.</exception>
    public Task AppendAsync(IReadOnlyList<TelemetryEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        return events.Count == 0 ? Task.CompletedTask : _writer.AppendAsync(BucketParts.Of(events), events.Count, cancellationToken);
    }

    /// <summary>Commits a request's calls, aggregated by the caller, durably; completes when the commit is on disk.</summary>
    /// <exception cref="ObjectDisposedException">The store is shutting down.</exception>
    public Task AppendAsync(CallBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        return batch.IsEmpty ? Task.CompletedTask : _writer.AppendAsync(batch.Parts, batch.Calls, cancellationToken);
    }

    /// <summary>Folds everything committed so far into buckets (tests and shutdown use it; ingestion never waits on it).</summary>
    public Task FlushAsync(CancellationToken cancellationToken) => _writer.FlushAsync(cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<SeriesBucket>> QueryBucketsAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
        BucketPartsTable.QueryAsync(_database, from, to, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyDictionary<string, LatencyQuantiles>> QueryLatencyQuantilesAsync(DateTimeOffset from, DateTimeOffset to, Func<SeriesKey, string?> group, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(group);
        return BucketPartsTable.MergeLatencyAsync(_database, from, to, group, cancellationToken);
    }

    /// <summary>Merges bucket parts and applies retention when this replica leads; returns whether it did.</summary>
    public Task<bool> RunMaintenanceAsync(CancellationToken cancellationToken)
    {
        var done = _writer.RequestMaintenance();
        return done is null
            ? Task.FromResult(false)
            : done.WaitAsync(cancellationToken).ContinueWith(_ => Leadership.IsLeader, cancellationToken, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
    }

    /// <summary>Stops accepting, commits what is queued, folds it into buckets and closes.</summary>
    public async ValueTask DisposeAsync()
    {
        await _writer.DisposeAsync();
        await _connection.DisposeAsync();
        await Leadership.DisposeAsync();
    }
}
