using System.Buffers;

namespace QualityWatch.Collector.Otlp;

/// <summary>
/// A request body in an array rented from <see cref="ArrayPool{T}.Shared"/>: bodies of a few hundred kilobytes
/// would otherwise land on the large-object heap once per request. Dispose returns the array.
/// </summary>
internal sealed class RequestBuffer(int capacity) : IDisposable
{
    private byte[]? _array = ArrayPool<byte>.Shared.Rent(Math.Max(1, capacity));

    public int Length { get; set; }

    public byte[] Array => _array ?? throw new ObjectDisposedException(nameof(RequestBuffer));

    public ReadOnlySpan<byte> Span => Array.AsSpan(0, Length);

    public Memory<byte> Free => Array.AsMemory(Length);

    /// <summary>Makes room for at least <paramref name="bytes"/> more bytes, keeping what is there.</summary>
    public void Reserve(int bytes)
    {
        if (Array.Length - Length >= bytes)
        {
            return;
        }

        var larger = ArrayPool<byte>.Shared.Rent(Math.Max(Array.Length * 2, Length + bytes));
        Array.AsSpan(0, Length).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(Array);
        _array = larger;
    }

    public void Dispose()
    {
        if (_array is { } array)
        {
            _array = null;
            ArrayPool<byte>.Shared.Return(array);
        }
    }
}
