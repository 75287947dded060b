using System.IO.Compression;

namespace QualityWatch.Detection.Engine;

/// <summary>The gzip framing of the persisted engine state and of the fingerprint's pool record.</summary>
internal static class SnapshotCompression
{
    // Decompressed snapshots larger than this are refused: far beyond any real state, so only a corrupt row reaches it.
    private const int MaxJsonBytes = 1 << 30;

    /// <summary>Whether <paramref name="bytes"/> start with the gzip magic number (older snapshots were plain JSON).</summary>
    public static bool IsCompressed(ReadOnlySpan<byte> bytes) => bytes is [0x1f, 0x8b, ..];

    public static byte[] Compress(byte[] json)
    {
        using var output = new MemoryStream(json.Length / 3);
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(json);
        }

        return output.ToArray();
    }

    /// <summary>Throws <see cref="InvalidDataException"/> naming <paramref name="what"/> when the bytes are not gzip.</summary>
    public static byte[] Decompress(ReadOnlySpan<byte> compressed, string what)
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
                throw new InvalidDataException($"The {what} is not valid gzip: " + ex.Message, ex);
            }

            if (read == 0)
            {
                return output.ToArray();
            }

            if (output.Length + read > MaxJsonBytes)
            {
                throw new InvalidDataException($"The {what} decompresses to more than {MaxJsonBytes} bytes.");
            }

            output.Write(buffer, 0, read);
        }
    }
}
