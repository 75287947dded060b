using System.Text.Json;

namespace QualityWatch.Detection.Engine;

/// <summary>
/// A serialised copy of the engine's state: UTF-8 JSON, stored gzip-compressed. Persist it after each pass (see
/// <c>SqlDetectionStateStore</c>) and restore it at start so a restart neither re-alarms nor forgets. The
/// fingerprint's answer pool is persisted apart, as <see cref="FingerprintPool"/>: the snapshot carries only the
/// answers pooled since that checkpoint.
/// </summary>
public sealed class DetectionStateSnapshot
{
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = false };

    private readonly byte[] _utf8Json;
    private byte[]? _compressed;

    private DetectionStateSnapshot(byte[] utf8Json, FingerprintPoolSnapshot? fingerprintPool)
    {
        _utf8Json = utf8Json;
        FingerprintPool = fingerprintPool;
    }

    /// <summary>
    /// The snapshot as gzip-compressed UTF-8 JSON: the state is saved every pass, and its windows of per-minute
    /// figures (≈ 44 KB of JSON per series after a day) compress 2.4–3-fold.
    /// </summary>
    public ReadOnlyMemory<byte> Bytes => _compressed ??= SnapshotCompression.Compress(_utf8Json);

    /// <summary>
    /// The checkpoint of the fingerprint's answer pool this snapshot continues, null before the first: store it with
    /// <see cref="Bytes"/> whenever its generation is not the one stored (a new one is taken every
    /// <see cref="DetectionEngineOptions.ModelFingerprintMaximumAnswers"/> pooled answers, or when a model's pool is emptied).
    /// </summary>
    public FingerprintPoolSnapshot? FingerprintPool { get; }

    /// <summary>The snapshot as JSON text.</summary>
    public string ToJson() => System.Text.Encoding.UTF8.GetString(_utf8Json);

    /// <summary>
    /// Reads bytes written by <see cref="Bytes"/>, or the uncompressed JSON earlier versions saved; throws
    /// <see cref="InvalidDataException"/> when they are not a snapshot.
    /// </summary>
    public static DetectionStateSnapshot FromBytes(ReadOnlySpan<byte> bytes) => FromBytes(bytes, null);

    /// <summary>
    /// Reads bytes written by <see cref="Bytes"/> together with the stored pool checkpoint (null when none is
    /// stored). A checkpoint of another generation than the snapshot's is not used: the restored pool then has only
    /// the answers the snapshot carries, and the trained model and its statistics are restored all the same.
    /// </summary>
    public static DetectionStateSnapshot FromBytes(ReadOnlySpan<byte> bytes, FingerprintPoolSnapshot? fingerprintPool)
    {
        var json = SnapshotCompression.IsCompressed(bytes) ? SnapshotCompression.Decompress(bytes, "detection state snapshot") : bytes.ToArray();
        _ = Deserialize(json);
        return new DetectionStateSnapshot(json, fingerprintPool);
    }

    internal static DetectionStateSnapshot From(EngineState state) =>
        new(JsonSerializer.SerializeToUtf8Bytes(state, JsonOptions), FingerprintPoolSnapshot.Of(state.Fingerprint.AnswerPool.Checkpoint));

    internal EngineState ToState() => Deserialize(_utf8Json);

    private static EngineState Deserialize(byte[] bytes)
    {
        try
        {
            var state = JsonSerializer.Deserialize<EngineState>(bytes, JsonOptions) ?? throw new InvalidDataException("The detection state snapshot is empty.");
            if (state.Version != 1)
            {
                throw new InvalidDataException($"Unsupported detection state version {state.Version}.");
            }

            state.AfterRestore();
            return state;
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException("The detection state snapshot is not valid JSON: " + ex.Message, ex);
        }
    }
}
