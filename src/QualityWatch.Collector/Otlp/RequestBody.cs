using System.IO.Compression;
using Microsoft.AspNetCore.Http;

namespace QualityWatch.Collector.Otlp;

/// <summary>Reads a request body within the size limits, undoing gzip without ever holding more than the limit.</summary>
internal static class RequestBody
{
    /// <summary>The body, or null when it is larger than <paramref name="maxBytes"/>.</summary>
    public static async Task<byte[]?> ReadAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength is { } declared)
        {
            if (declared > maxBytes)
            {
                return null;
            }

            var exact = new byte[declared];
            var read = 0;
            while (read < exact.Length)
            {
                var n = await request.Body.ReadAsync(exact.AsMemory(read), cancellationToken);
                if (n == 0)
                {
                    throw new IOException("the request body ended before its declared length");
                }

                read += n;
            }

            return exact;
        }

        return await ReadLimitedAsync(request.Body, maxBytes, cancellationToken);
    }

    /// <summary>Decompresses gzip; null when the result would exceed <paramref name="maxBytes"/> (a gzip bomb).</summary>
    /// <exception cref="InvalidDataException">The data is not gzip.</exception>
    public static async Task<byte[]?> GunzipAsync(byte[] compressed, int maxBytes, CancellationToken cancellationToken)
    {
        await using var gzip = new GZipStream(new MemoryStream(compressed), CompressionMode.Decompress);
        return await ReadLimitedAsync(gzip, maxBytes, cancellationToken);
    }

    private static async Task<byte[]?> ReadLimitedAsync(Stream source, int maxBytes, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        while (true)
        {
            var n = await source.ReadAsync(chunk, cancellationToken);
            if (n == 0)
            {
                return buffer.ToArray();
            }

            if (buffer.Length + n > maxBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, n);
        }
    }
}
