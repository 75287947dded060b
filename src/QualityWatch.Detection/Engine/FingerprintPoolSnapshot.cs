using System.Text.Json;
using QualityWatch.Detection.Fingerprints;

namespace QualityWatch.Detection.Engine;

/// <summary>
/// A checkpoint of the model-identity fingerprint's answer pool (up to 1,000 canary answers per configured model),
/// stored apart from the <see cref="DetectionStateSnapshot"/> that refers to it: the snapshot carries only the answers
/// pooled since. A checkpoint never changes once taken, so store it (gzip-compressed UTF-8 JSON, <see cref="Bytes"/>)
/// only when its <see cref="Generation"/> differs from the one stored, in the same transaction as the snapshot.
/// </summary>
public sealed class FingerprintPoolSnapshot
{
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = false };
    private byte[]? _compressed;

    private FingerprintPoolSnapshot(FingerprintPoolRecord record) => Record = record;

    /// <summary>Which checkpoint this is; a snapshot restores only with the checkpoint of its own generation.</summary>
    public long Generation => Record.Generation;

    /// <summary>The checkpoint as gzip-compressed UTF-8 JSON, serialised the first time it is asked for.</summary>
    public ReadOnlyMemory<byte> Bytes => _compressed ??= SnapshotCompression.Compress(JsonSerializer.SerializeToUtf8Bytes(Record, JsonOptions));

    internal FingerprintPoolRecord Record { get; }

    /// <summary>Reads bytes written by <see cref="Bytes"/>; throws <see cref="InvalidDataException"/> when they are not a pool checkpoint.</summary>
    public static FingerprintPoolSnapshot FromBytes(ReadOnlySpan<byte> bytes)
    {
        const string What = "fingerprint pool checkpoint";
        var json = SnapshotCompression.IsCompressed(bytes) ? SnapshotCompression.Decompress(bytes, What) : bytes.ToArray();
        try
        {
            var record = JsonSerializer.Deserialize<FingerprintPoolRecord>(json, JsonOptions) ?? throw new InvalidDataException($"The {What} is empty.");
            return new FingerprintPoolSnapshot(record);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"The {What} is not valid JSON: " + ex.Message, ex);
        }
    }

    internal static FingerprintPoolSnapshot? Of(FingerprintPoolRecord? record) => record is null ? null : new FingerprintPoolSnapshot(record);
}
