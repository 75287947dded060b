using System.Data.Common;

namespace QualityWatch.Storage.Telemetry;

/// <summary>
/// Which replica runs the periodic jobs (maintenance, retention, detection). On PostgreSQL the leader holds a
/// session-level <c>pg_try_advisory_lock</c> on a dedicated connection, so it loses leadership exactly when that
/// session ends (crash included); an embedded SQLite store is always its own leader.
/// </summary>
public sealed class DatabaseLeadership : IAsyncDisposable
{
    private readonly IQualityWatchDatabase _database;
    private readonly long _lockKey;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private DbConnection? _connection;

    /// <summary>Creates a lease for <paramref name="lockKey"/>; call <see cref="TryAcquireAsync"/> to take it.</summary>
    public DatabaseLeadership(IQualityWatchDatabase database, long lockKey)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
        _lockKey = lockKey;
    }

    /// <summary>True once this replica holds the lease.</summary>
    public bool IsLeader { get; private set; }

    /// <summary>Takes the lease if free (or already ours); returns whether this replica leads.</summary>
    public async Task<bool> TryAcquireAsync(CancellationToken cancellationToken)
    {
        if (_database.Dialect != SqlDialect.Postgres)
        {
            IsLeader = true;
            return true;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (IsLeader && _connection is { State: System.Data.ConnectionState.Open })
            {
                // Confirms the session (and with it the lock) is still alive.
                await using var ping = _connection.CreateCommand();
                ping.CommandText = "SELECT 1";
                await ping.ExecuteScalarAsync(cancellationToken);
                return true;
            }

            IsLeader = false;
            if (_connection is not null)
            {
                await _connection.DisposeAsync();
            }

            _connection = await _database.OpenConnectionAsync(cancellationToken);
            await using var command = _connection.CreateCommand();
            command.CommandText = "SELECT pg_try_advisory_lock(@key)";
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@key";
            parameter.Value = _lockKey;
            command.Parameters.Add(parameter);
            IsLeader = await command.ExecuteScalarAsync(cancellationToken) is true;
            return IsLeader;
        }
        catch (DbException)
        {
            IsLeader = false;
            return false;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_connection is not null && IsLeader)
        {
            // A pooled connection outlives Dispose, and the session (with its lock) would stay alive.
            try
            {
                await using var unlock = _connection.CreateCommand();
                unlock.CommandText = "SELECT pg_advisory_unlock(@key)";
                var parameter = unlock.CreateParameter();
                parameter.ParameterName = "@key";
                parameter.Value = _lockKey;
                unlock.Parameters.Add(parameter);
                await unlock.ExecuteScalarAsync();
            }
            catch (DbException)
            {
                // The session is gone, and the lock with it.
            }
        }

        IsLeader = false;
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
            _connection = null;
        }

        _gate.Dispose();
    }
}
