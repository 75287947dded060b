using System.Buffers.Binary;
using System.Text;

namespace QualityWatch.Storage.Telemetry;

/// <summary>
/// Writes the version-2 ingest-log payload: varints, fixed-width numbers, and strings as indexes into a table
/// written once per batch (provider, model and label values repeat on almost every call of a request).
/// </summary>
internal sealed class CompactWriter
{
    private readonly Dictionary<string, int> _indexes = new(StringComparer.Ordinal);
    private readonly List<string> _strings = [];
    private byte[] _buffer;
    private int _length;

    public CompactWriter(int capacity) => _buffer = new byte[Math.Max(64, capacity)];

    public void WriteVarint(ulong value)
    {
        Ensure(10);
        while (value >= 0x80)
        {
            _buffer[_length++] = (byte)(value | 0x80);
            value >>= 7;
        }

        _buffer[_length++] = (byte)value;
    }

    public void WriteSigned(long value) => WriteVarint((ulong)((value << 1) ^ (value >> 63)));

    public void WriteNullable(long? value) => WriteVarint(value is { } v ? ((ulong)((v << 1) ^ (v >> 63)) + 1) : 0);

    public void WriteInt64(long value)
    {
        Ensure(8);
        BinaryPrimitives.WriteInt64LittleEndian(_buffer.AsSpan(_length), value);
        _length += 8;
    }

    public void WriteDouble(double value) => WriteInt64(BitConverter.DoubleToInt64Bits(value));

    public void WriteByte(byte value)
    {
        Ensure(1);
        _buffer[_length++] = value;
    }

    /// <summary>A string as its index in the batch's table (0 is null).</summary>
    public void WriteString(string? value)
    {
        if (value is null)
        {
            WriteVarint(0);
            return;
        }

        if (!_indexes.TryGetValue(value, out var index))
        {
            index = _strings.Count;
            _indexes[value] = index;
            _strings.Add(value);
        }

        WriteVarint((ulong)index + 1);
    }

    /// <summary>The payload: <paramref name="version"/>, the string table, then everything written.</summary>
    public byte[] ToArray(int version)
    {
        var header = new CompactWriter(16 + (_strings.Count * 16));
        header.WriteVarint((ulong)version);
        header.WriteVarint((ulong)_strings.Count);
        foreach (var text in _strings)
        {
            var bytes = Encoding.UTF8.GetByteCount(text);
            header.WriteVarint((ulong)bytes);
            header.Ensure(bytes);
            Encoding.UTF8.GetBytes(text, header._buffer.AsSpan(header._length));
            header._length += bytes;
        }

        var payload = new byte[header._length + _length];
        header._buffer.AsSpan(0, header._length).CopyTo(payload);
        _buffer.AsSpan(0, _length).CopyTo(payload.AsSpan(header._length));
        return payload;
    }

    private void Ensure(int bytes)
    {
        if (_length + bytes > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + bytes));
        }
    }
}
