using System.IO.Compression;
using System.Text.Json;

namespace QualityWatch.Detection.Engine;

/// <summary>
/// A serialised copy of the engine's state: UTF-8 JSON, stored gzip-compressed. Persist it after each pass (see
/// <c>SqlDetectionStateStore</c>) and restore it at start so a restart neither re-alarms nor forgets.
/// </summary>
public sealed class DetectionStateSnapshot
{
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = false };

    // Decompressed snapshots larger than this are refused: far beyond any real state, so only a corrupt row reaches it.
    private const int MaxJsonBytes = 1 << 30;

    private readonly byte[] _utf8Json;
    private byte[]? _compressed;

    private DetectionStateSnapshot(byte[] utf8Json) => _utf8Json = utf8Json;

    /// <summary>
    /// The snapshot as gzip-compressed UTF-8 JSON: the state is saved every pass, and its windows of per-minute
    /// figures (≈ 44 KB of JSON per series after a day) compress 2.4–3-fold.
    /// </summary>
    public ReadOnlyMemory<byte> Bytes => _compressed ??= Compress(_utf8Json);

    /// <summary>The snapshot as JSON text.</summary>
    public string ToJson() => System.Text.Encoding.UTF8.GetString(_utf8Json);

    /// <summary>
    /// Reads bytes written by <see cref="Bytes"/>, or the uncompressed JSON earlier versions saved; throws
    /// <see cref="InvalidDataException"/> when they are not a snapshot.
    /// </summary>
    public static DetectionStateSnapshot FromBytes(ReadOnlySpan<byte> bytes)
    {
        var json = bytes is [0x1f, 0x8b, ..] ? Decompress(bytes) : bytes.ToArray();
        _ = Deserialize(json);
        return new DetectionStateSnapshot(json);
    }

    internal static DetectionStateSnapshot From(EngineState state) => new(JsonSerializer.SerializeToUtf8Bytes(state, JsonOptions));

    internal EngineState ToState() => Deserialize(_utf8Json);

    private static byte[] Compress(byte[] json)
    {
        using var output = new MemoryStream(json.Length / 3);
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(json);
        }

        return output.ToArray();
    }

    private static byte[] Decompress(ReadOnlySpan<byte> compressed)
    {
        using var input = new MemoryStream(compressed.ToArray());
        using var gzip = new GZipStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream();
        var buffer = new byte[81920];
        while (true)
        {
            int read;
            try
            {
                read = gzip.Read(buffer);
            }
            catch (InvalidDataException ex)
            {
                throw new InvalidDataException("The detection state snapshot is not valid gzip: " + ex.Message, ex);
            }

            if (read == 0)
            {
                return output.ToArray();
            }

            if (output.Length + read > MaxJsonBytes)
            {
                throw new InvalidDataException($"The detection state snapshot decompresses to more than {MaxJsonBytes} bytes.");
            }

            output.Write(buffer, 0, read);
        }
    }

    private static EngineState Deserialize(byte[] bytes)
    {
        try
        {
            var state = JsonSerializer.Deserialize<EngineState>(bytes, JsonOptions) ?? throw new InvalidDataException("The detection state snapshot is empty.");
            return state.Version == 1 ? state : throw new InvalidDataException($"Unsupported detection state version {state.Version}.");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException("The detection state snapshot is not valid JSON: " + ex.Message, ex);
        }
    }
}
