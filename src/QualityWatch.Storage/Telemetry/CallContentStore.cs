using System.Buffers;
using System.Data.Common;
using System.Text.Json;
using System.Threading.Channels;

namespace QualityWatch.Storage.Telemetry;

/// <summary>
/// Opt-in storage of prompt and completion content (table <c>telemetry_call_content</c>, migration
/// <c>telemetry-0002</c>). <see cref="StoreAsync"/> completes only once the rows are committed (group commit: every
/// request waiting at that moment shares one transaction), so the collector acknowledges content with the same
/// guarantee as the calls themselves. Inserts are idempotent per (trace id, span id): a client retrying a request
/// whose telemetry commit failed stores each call once. Retention runs in <see cref="TelemetryStore"/>'s maintenance.
/// Content is never logged; exceptions carry no message text.
/// </summary>
public sealed class CallContentStore : IAsyncDisposable
{
    private const int MaxRequestsPerCommit = 256;
    private const int MaxRetainedBufferBytes = 256 * 1024;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    private readonly IQualityWatchDatabase _database;
    private readonly TimeProvider _time;
    private readonly Channel<Pending> _pending = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;
    private DbConnection? _connection;

    /// <summary>Creates the store on a database migrated with <see cref="TelemetryStorage.Migrations"/>.</summary>
    public CallContentStore(IQualityWatchDatabase database, TimeProvider? timeProvider)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
        _time = timeProvider ?? TimeProvider.System;
        _writer = Task.Run(RunWriterAsync, CancellationToken.None);
    }

    /// <summary>Commits <paramref name="contents"/> durably; completes when the commit is on disk.</summary>
    /// <exception cref="TelemetryStoreUnavailableException">The commit failed (the caller should not acknowledge).</exception>
    /// <exception cref="ObjectDisposedException">The store is shutting down.</exception>
    public Task StoreAsync(IReadOnlyList<CallContent> contents, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(contents);
        if (contents.Count == 0)
        {
            return Task.CompletedTask;
        }

        // Rows are encoded here, on the caller's thread: the single writer only binds and inserts.
        var rows = new ContentRow[contents.Count];
        for (var i = 0; i < rows.Length; i++)
        {
            var content = contents[i];
            rows[i] = new ContentRow(content.TraceId, content.SpanId, content.Series, content.StartTime.ToUnixTimeMilliseconds(), content.ContentHash, EncodeMessages(content.Input), EncodeMessages(content.Output));
        }

        var pending = new Pending(rows, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_pending.Writer.TryWrite(pending))
        {
            throw new ObjectDisposedException(nameof(CallContentStore), "the content store is shutting down");
        }

        // The caller may stop waiting; the commit itself is never cancelled half-way.
        return pending.Completion.Task.WaitAsync(cancellationToken);
    }

    /// <summary>The stored content of one call, or null when none is stored.</summary>
    public async Task<CallContent?> FindAsync(string traceId, string spanId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(traceId);
        ArgumentNullException.ThrowIfNull(spanId);
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        await using var select = connection.CreateCommand();
        select.CommandText = "SELECT series, start_time, content_hash, input_messages, output_messages FROM telemetry_call_content WHERE trace_id = @trace AND span_id = @span";
        select.AddParameter("@trace", traceId);
        select.AddParameter("@span", spanId);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return new CallContent(
            traceId,
            spanId,
            reader.GetString(0),
            DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)),
            reader.GetString(2),
            DecodeMessages(reader.GetString(3)),
            DecodeMessages(reader.GetString(4)));
    }

    /// <summary>Stored calls of one series with <paramref name="from"/> ≤ start &lt; <paramref name="to"/>, newest first.</summary>
    public async Task<IReadOnlyList<CallContentSummary>> ListAsync(string series, DateTimeOffset from, DateTimeOffset to, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(series);
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        await using var select = connection.CreateCommand();
        select.CommandText = "SELECT trace_id, span_id, start_time, content_hash FROM telemetry_call_content WHERE series = @series AND start_time >= @from AND start_time < @to ORDER BY start_time DESC, trace_id, span_id LIMIT @limit";
        select.AddParameter("@series", series);
        select.AddParameter("@from", from.ToUnixTimeMilliseconds());
        select.AddParameter("@to", to.ToUnixTimeMilliseconds());
        select.AddParameter("@limit", (long)Math.Max(0, limit));
        var found = new List<CallContentSummary>();
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            found.Add(new CallContentSummary(reader.GetString(0), reader.GetString(1), series, DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)), reader.GetString(3)));
        }

        return found;
    }

    /// <summary>Stops accepting and commits what is queued.</summary>
    public async ValueTask DisposeAsync()
    {
        _pending.Writer.TryComplete();
        await _writer;
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
            _connection = null;
        }
    }

    internal static string EncodeMessages(IReadOnlyList<ContentMessage> messages)
    {
        // One buffer and writer per thread (a request encodes two per call); one grown by a huge message is let go.
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(1024);
        buffer.ResetWrittenCount();
        var writer = t_writer ??= new Utf8JsonWriter(buffer);
        writer.Reset(buffer);
        writer.WriteStartArray();
        foreach (var message in messages)
        {
            writer.WriteStartObject();
            writer.WriteString("role", message.Role);
            writer.WriteString("text", message.Text);
            writer.WriteBoolean("truncated", message.Truncated);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.Flush();
        var json = System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
        if (buffer.Capacity > MaxRetainedBufferBytes)
        {
            (t_buffer, t_writer) = (null, null);
        }

        return json;
    }

    internal static IReadOnlyList<ContentMessage> DecodeMessages(string json)
    {
        using var document = JsonDocument.Parse(json);
        var messages = new List<ContentMessage>();
        foreach (var message in document.RootElement.EnumerateArray())
        {
            messages.Add(new ContentMessage(
                message.GetProperty("role").GetString() ?? string.Empty,
                message.GetProperty("text").GetString() ?? string.Empty,
                message.GetProperty("truncated").GetBoolean()));
        }

        return messages;
    }

    private async Task RunWriterAsync()
    {
        var batch = new List<Pending>();
        var reader = _pending.Reader;
        while (await reader.WaitToReadAsync(CancellationToken.None))
        {
            while (batch.Count < MaxRequestsPerCommit && reader.TryRead(out var pending))
            {
                batch.Add(pending);
            }

            try
            {
                await CommitAsync(batch);
                foreach (var pending in batch)
                {
                    pending.Completion.TrySetResult();
                }
            }
            catch (Exception exception) when (exception is DbException or InvalidOperationException)
            {
                await ResetConnectionAsync();
                foreach (var pending in batch)
                {
                    pending.Completion.TrySetException(new TelemetryStoreUnavailableException("call content could not be committed", exception));
                }
            }

            batch.Clear();
        }
    }

    private async Task CommitAsync(List<Pending> batch)
    {
        if (_connection is not { State: System.Data.ConnectionState.Open })
        {
            await ResetConnectionAsync();
            _connection = await _database.OpenConnectionAsync(CancellationToken.None);
        }

        await using var transaction = await _connection.BeginTransactionAsync(CancellationToken.None);
        await using var insert = _connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = """
            INSERT INTO telemetry_call_content (trace_id, span_id, series, start_time, stored_at, content_hash, input_messages, output_messages)
            VALUES (@trace, @span, @series, @start, @stored, @hash, @input, @output)
            ON CONFLICT (trace_id, span_id) DO NOTHING
            """;
        var trace = insert.AddParameter("@trace", string.Empty);
        var span = insert.AddParameter("@span", string.Empty);
        var series = insert.AddParameter("@series", string.Empty);
        var start = insert.AddParameter("@start", 0L);
        var stored = insert.AddParameter("@stored", _time.GetUtcNow().ToUnixTimeMilliseconds());
        var hash = insert.AddParameter("@hash", string.Empty);
        var input = insert.AddParameter("@input", string.Empty);
        var output = insert.AddParameter("@output", string.Empty);
        foreach (var pending in batch)
        {
            foreach (var row in pending.Rows)
            {
                trace.Value = row.TraceId;
                span.Value = row.SpanId;
                series.Value = row.Series;
                start.Value = row.StartTime;
                hash.Value = row.ContentHash;
                input.Value = row.Input;
                output.Value = row.Output;
                await insert.ExecuteNonQueryAsync(CancellationToken.None);
            }
        }

        await transaction.CommitAsync(CancellationToken.None);
    }

    private async Task ResetConnectionAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
            _connection = null;
        }
    }

    private sealed record Pending(ContentRow[] Rows, TaskCompletionSource Completion);

    /// <summary>A content row as inserted: start time in Unix milliseconds, messages as JSON.</summary>
    private readonly record struct ContentRow(string TraceId, string SpanId, string Series, long StartTime, string ContentHash, string Input, string Output);
}
