using System.Buffers.Binary;
using System.Text;

namespace QualityWatch.Storage.Telemetry;

/// <summary>Reads what <see cref="CompactWriter"/> wrote (after the version number).</summary>
internal sealed class CompactReader
{
    private readonly byte[] _data;
    private readonly string[] _strings;
    private int _position;

    public CompactReader(byte[] data, int position)
    {
        _data = data;
        _position = position;
        _strings = new string[checked((int)ReadVarint())];
        for (var i = 0; i < _strings.Length; i++)
        {
            var length = checked((int)ReadVarint());
            _strings[i] = Encoding.UTF8.GetString(Take(length));
        }
    }

    public static int ReadVersion(byte[] data, out int position)
    {
        position = 0;
        ulong value = 0;
        for (var shift = 0; shift < 35; shift += 7)
        {
            if (position >= data.Length)
            {
                break;
            }

            var b = data[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return (int)value;
            }
        }

        throw new InvalidDataException("ingest log payload has no format version");
    }

    public ulong ReadVarint()
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = Take(1)[0];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }

        throw new InvalidDataException("ingest log payload has a broken varint");
    }

    public long ReadSigned()
    {
        var raw = ReadVarint();
        return (long)(raw >> 1) ^ -(long)(raw & 1);
    }

    public long? ReadNullable()
    {
        var raw = ReadVarint();
        if (raw == 0)
        {
            return null;
        }

        raw--;
        return (long)(raw >> 1) ^ -(long)(raw & 1);
    }

    public long ReadInt64() => BinaryPrimitives.ReadInt64LittleEndian(Take(8));

    public double ReadDouble() => BitConverter.Int64BitsToDouble(ReadInt64());

    public byte ReadByte() => Take(1)[0];

    public string? ReadString()
    {
        var index = ReadVarint();
        return index == 0 ? null : _strings[checked((int)index - 1)];
    }

    public string ReadRequiredString() => ReadString() ?? throw new InvalidDataException("ingest log payload lacks a required string");

    private ReadOnlySpan<byte> Take(int length)
    {
        if (length < 0 || _position + length > _data.Length)
        {
            throw new InvalidDataException("ingest log payload is truncated");
        }

        var span = _data.AsSpan(_position, length);
        _position += length;
        return span;
    }
}
