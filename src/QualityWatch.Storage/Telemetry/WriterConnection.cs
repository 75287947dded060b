using System.Data.Common;

namespace QualityWatch.Storage.Telemetry;

/// <summary>The writer loop's one connection, kept open between commits and reopened after a failure.</summary>
/// <remarks>Only the writer loop uses it, so it needs no locking.</remarks>
internal sealed class WriterConnection(IQualityWatchDatabase database) : IAsyncDisposable
{
    private DbConnection? _connection;

    public async ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (_connection is { State: System.Data.ConnectionState.Open })
        {
            return _connection;
        }

        await ResetAsync();
        _connection = await database.OpenConnectionAsync(cancellationToken);
        return _connection;
    }

    /// <summary>Drops the connection after a failure; the next <see cref="OpenAsync"/> opens a fresh one.</summary>
    public async Task ResetAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
            _connection = null;
        }
    }

    public async ValueTask DisposeAsync() => await ResetAsync();
}
