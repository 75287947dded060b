using System.Buffers.Binary;

namespace QualityWatch.Collector.Otlp.Fast;

/// <summary>
/// A forward-only cursor over protobuf wire format (https://protobuf.dev/programming-guides/encoding/) inside one
/// buffer. It accepts only what Google.Protobuf also accepts and throws <see cref="InvalidDataException"/> for
/// anything malformed or merely unusual (groups, over-long varint lengths); the caller then lets Google.Protobuf
/// decide, so an unusual but valid encoding still decodes and a malformed one fails with Google.Protobuf's message.
/// </summary>
internal ref struct ProtoReader
{
    public const int LengthDelimited = 2;

    private readonly ReadOnlySpan<byte> _data;
    private readonly int _end;
    private int _position;

    public ProtoReader(ReadOnlySpan<byte> data, ProtoRange range)
    {
        _data = data;
        _position = range.Start;
        _end = range.Start + range.Length;
    }

    public readonly bool AtEnd => _position >= _end;

    public static uint Tag(int field, int wireType) => (uint)((field << 3) | wireType);

    public uint ReadTag()
    {
        var tag = ReadVarint(5);
        if ((tag >> 3) == 0 || (tag & 7) is 6 or 7 || tag > uint.MaxValue)
        {
            throw new InvalidDataException("invalid tag");
        }

        return (uint)tag;
    }

    public ulong ReadVarint() => ReadVarint(10);

    public ulong ReadFixed64()
    {
        if (_end - _position < 8)
        {
            throw new InvalidDataException("truncated fixed64");
        }

        var value = BinaryPrimitives.ReadUInt64LittleEndian(_data.Slice(_position, 8));
        _position += 8;
        return value;
    }

    public ProtoRange ReadLengthDelimited()
    {
        var length = ReadVarint(5);
        if (length > int.MaxValue || (long)length > _end - _position)
        {
            throw new InvalidDataException("length beyond the message");
        }

        var range = new ProtoRange(_position, (int)length);
        _position += (int)length;
        return range;
    }

    /// <summary>Skips a field Google.Protobuf would keep as an unknown field (or a known one read elsewhere).</summary>
    public void Skip(uint tag)
    {
        switch (tag & 7)
        {
            case 0:
                ReadVarint(10);
                break;
            case 1:
                Advance(8);
                break;
            case LengthDelimited:
                ReadLengthDelimited();
                break;
            case 5:
                Advance(4);
                break;
            default:
                // Groups (3, 4) are legal but never sent by OTLP exporters: Google.Protobuf decides.
                throw new InvalidDataException("group wire type");
        }
    }

    private void Advance(int bytes)
    {
        if (_end - _position < bytes)
        {
            throw new InvalidDataException("truncated fixed-width field");
        }

        _position += bytes;
    }

    private ulong ReadVarint(int maxBytes)
    {
        ulong value = 0;
        for (var i = 0; i < maxBytes; i++)
        {
            if (_position >= _end)
            {
                throw new InvalidDataException("truncated varint");
            }

            var b = _data[_position++];
            value |= (ulong)(b & 0x7F) << (7 * i);
            if (b < 0x80)
            {
                return value;
            }
        }

        throw new InvalidDataException("varint too long");
    }
}
