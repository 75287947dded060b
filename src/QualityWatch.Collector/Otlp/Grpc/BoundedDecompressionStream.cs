using Grpc.Core;
using QualityWatch.Collector.Metrics;

namespace QualityWatch.Collector.Otlp.Grpc;

/// <summary>
/// Reads an inflating stream and ends the call when it yields more than <paramref name="maxBytes"/>
/// (RESOURCE_EXHAUSTED) or is not valid gzip (INVALID_ARGUMENT), as OTLP/HTTP answers 413 and 400: an
/// <see cref="RpcException"/> thrown while Grpc.AspNetCore reads the message becomes the call's status.
/// </summary>
internal sealed class BoundedDecompressionStream(Stream inflating, int maxBytes, Lazy<CollectorMetrics> metrics) : Stream
{
    private long _read;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _read;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int n;
        try
        {
            // One byte past the limit is enough to know the message is too large.
            n = inflating.Read(buffer[..(int)Math.Min(buffer.Length, maxBytes + 1L - _read)]);
        }
        catch (InvalidDataException)
        {
            metrics.Value.CountRejectedRequest("malformed");
            throw new RpcException(new Status(StatusCode.InvalidArgument, "message is not valid gzip"));
        }

        _read += n;
        if (_read > maxBytes)
        {
            metrics.Value.CountRejectedRequest("too_large");
            throw new RpcException(new Status(StatusCode.ResourceExhausted, $"decompressed message exceeds {maxBytes} bytes"));
        }

        return n;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inflating.Dispose();
        }

        base.Dispose(disposing);
    }
}
