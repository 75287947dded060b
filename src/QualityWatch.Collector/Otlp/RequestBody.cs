using System.IO.Compression;
using Microsoft.AspNetCore.Http;

namespace QualityWatch.Collector.Otlp;

/// <summary>Reads a request body within the size limits, undoing gzip without ever holding more than the limit.</summary>
internal static class RequestBody
{
    /// <summary>The body in a pooled buffer (dispose it), or null when it is larger than <paramref name="maxBytes"/>.</summary>
    public static async Task<RequestBuffer?> ReadAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength is { } declared)
        {
            if (declared > maxBytes)
            {
                return null;
            }

            var exact = new RequestBuffer((int)declared);
            while (exact.Length < declared)
            {
                var n = await request.Body.ReadAsync(exact.Array.AsMemory(exact.Length, (int)declared - exact.Length), cancellationToken);
                if (n == 0)
                {
                    exact.Dispose();
                    throw new IOException("the request body ended before its declared length");
                }

                exact.Length += n;
            }

            return exact;
        }

        return await ReadLimitedAsync(request.Body, maxBytes, cancellationToken);
    }

    /// <summary>Decompresses gzip; null when the result would exceed <paramref name="maxBytes"/> (a gzip bomb).</summary>
    /// <exception cref="InvalidDataException">The data is not gzip.</exception>
    public static async Task<RequestBuffer?> GunzipAsync(byte[] compressed, int offset, int count, int maxBytes, CancellationToken cancellationToken)
    {
        await using var gzip = new GZipStream(new MemoryStream(compressed, offset, count, writable: false), CompressionMode.Decompress);
        return await ReadLimitedAsync(gzip, maxBytes, cancellationToken);
    }

    private static async Task<RequestBuffer?> ReadLimitedAsync(Stream source, int maxBytes, CancellationToken cancellationToken)
    {
        var buffer = new RequestBuffer(64 * 1024);
        try
        {
            while (true)
            {
                buffer.Reserve(16 * 1024);

                // Never read more than one byte past the limit: that byte is enough to know the body is too large.
                var free = buffer.Free;
                var n = await source.ReadAsync(free[..Math.Min(free.Length, maxBytes + 1 - buffer.Length)], cancellationToken);
                if (n == 0)
                {
                    var complete = buffer;
                    buffer = null;
                    return complete;
                }

                buffer.Length += n;
                if (buffer.Length > maxBytes)
                {
                    return null;
                }
            }
        }
        finally
        {
            buffer?.Dispose();
        }
    }
}
