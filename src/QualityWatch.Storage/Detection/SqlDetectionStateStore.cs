using System.Globalization;

namespace QualityWatch.Storage.Detection;

/// <summary>
/// Persists the detection engine's state snapshot (opaque bytes, e.g. <c>DetectionStateSnapshot.Bytes</c>) so a restart
/// neither re-alarms nor forgets. One row per engine id (and per record beside it, such as the fingerprint's pool
/// checkpoint), replaced atomically on every save.
/// </summary>
public sealed class SqlDetectionStateStore(IQualityWatchDatabase database)
{
    /// <summary>The default engine id.</summary>
    public const string DefaultEngineId = "default";

    /// <summary>Saves (replaces) the state of <paramref name="engineId"/>.</summary>
    public Task SaveAsync(string engineId, ReadOnlyMemory<byte> state, DateTimeOffset savedAt, CancellationToken cancellationToken) =>
        SaveAsync([(engineId, state)], savedAt, cancellationToken);

    /// <summary>
    /// Saves (replaces) several rows in one transaction: a snapshot and a record it refers to (the fingerprint's pool
    /// checkpoint) are stored together or not at all.
    /// </summary>
    public async Task SaveAsync(IReadOnlyList<(string EngineId, ReadOnlyMemory<byte> State)> states, DateTimeOffset savedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(states);
        foreach (var (engineId, _) in states)
        {
            ArgumentException.ThrowIfNullOrEmpty(engineId);
        }

        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        foreach (var (engineId, state) in states)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText =
                "INSERT INTO qw_detection_state (engine_id, state, saved_at) VALUES (@id, @state, @at) " +
                "ON CONFLICT (engine_id) DO UPDATE SET state = excluded.state, saved_at = excluded.saved_at";
            command.AddParameter("@id", engineId);
            command.AddParameter("@state", state.ToArray());
            command.AddParameter("@at", savedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>The saved state of <paramref name="engineId"/>, or null when none was saved.</summary>
    public async Task<(byte[] State, DateTimeOffset SavedAt)?> LoadAsync(string engineId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(engineId);
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT state, saved_at FROM qw_detection_state WHERE engine_id = @id";
        command.AddParameter("@id", engineId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        var bytes = (byte[])reader.GetValue(0);
        var savedAt = DateTimeOffset.Parse(reader.GetString(1), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        return (bytes, savedAt);
    }
}
