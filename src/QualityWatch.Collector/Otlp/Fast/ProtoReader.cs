using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace QualityWatch.Collector.Otlp.Fast;

/// <summary>
/// A forward-only cursor over protobuf wire format (https://protobuf.dev/programming-guides/encoding/) inside one
/// buffer. It accepts only what Google.Protobuf also accepts and throws <see cref="InvalidDataException"/> for
/// anything malformed or merely unusual (groups, over-long varint lengths); the caller then lets Google.Protobuf
/// decide, so an unusual but valid encoding still decodes and a malformed one fails with Google.Protobuf's message.
/// </summary>
/// <remarks>
/// This is the ingest hot path, so every read has a small inlined fast path for the one-byte case (tags of fields
/// 1–15, attribute lengths, small integers) and leaves longer encodings and every throw to separate non-inlined
/// methods; the inlined code then stays small enough for the JIT to keep the cursor in registers.
/// </remarks>
internal ref struct ProtoReader
{
    public const int LengthDelimited = 2;

    /// <summary>
    /// 1 for each byte that is a whole valid tag by itself: below 0x80 (no continuation), field number 1–15
    /// (byte &gt;= 8) and wire type 0–5. Indexed by a byte, so the JIT drops the bounds check.
    /// </summary>
    private static ReadOnlySpan<byte> OneByteTags =>
    [
        0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 0, 0,
        1, 1, 1, 1, 1, 1, 0, 0, 1, 1, 1, 1, 1, 1, 0, 0,
        1, 1, 1, 1, 1, 1, 0, 0, 1, 1, 1, 1, 1, 1, 0, 0,
        1, 1, 1, 1, 1, 1, 0, 0, 1, 1, 1, 1, 1, 1, 0, 0,
        1, 1, 1, 1, 1, 1, 0, 0, 1, 1, 1, 1, 1, 1, 0, 0,
        1, 1, 1, 1, 1, 1, 0, 0, 1, 1, 1, 1, 1, 1, 0, 0,
        1, 1, 1, 1, 1, 1, 0, 0, 1, 1, 1, 1, 1, 1, 0, 0,
        1, 1, 1, 1, 1, 1, 0, 0, 1, 1, 1, 1, 1, 1, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    ];

    // Ends where the message ends, so one check of a position against _data.Length is both the message bound and the
    // span bound and the JIT drops its own bounds check on _data[position].
    private readonly ReadOnlySpan<byte> _data;
    private int _position;

    public ProtoReader(ReadOnlySpan<byte> data, ProtoRange range)
    {
        _data = data[..(range.Start + range.Length)];
        _position = range.Start;
    }

    public readonly bool AtEnd
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => _position >= _data.Length;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Tag(int field, int wireType) => (uint)((field << 3) | wireType);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint ReadTag()
    {
        var position = _position;
        var data = _data;
        if ((uint)position < (uint)data.Length)
        {
            // One byte, field number 1–15 and a wire type other than 6 or 7: one table load instead of three tests.
            var b = data[position];
            if (OneByteTags[b] != 0)
            {
                _position = position + 1;
                return b;
            }
        }

        var (tag, next) = ReadTagSlow(data, position);
        _position = next;
        return tag;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong ReadVarint()
    {
        var position = _position;
        var data = _data;
        if ((uint)position < (uint)data.Length)
        {
            uint b = data[position];
            if (b < 0x80)
            {
                _position = position + 1;
                return b;
            }
        }

        var (value, next) = ReadVarintSlow(data, position, 10);
        _position = next;
        return value;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong ReadFixed64()
    {
        var position = _position;
        var data = _data;
        if (data.Length - position < 8)
        {
            ThrowInvalidData("truncated fixed64");
        }

        _position = position + 8;
        return BinaryPrimitives.ReadUInt64LittleEndian(data.Slice(position, 8));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ProtoRange ReadLengthDelimited()
    {
        var position = _position;
        var data = _data;
        if ((uint)position < (uint)data.Length)
        {
            // A one-byte length that fits in what is left of the message (after the length byte itself).
            uint length = data[position];
            if (length < 0x80 && length < (uint)(data.Length - position))
            {
                var start = position + 1;
                _position = start + (int)length;
                return new ProtoRange(start, (int)length);
            }
        }

        var range = ReadLengthDelimitedSlow(data, position);
        _position = range.Start + range.Length;
        return range;
    }

    /// <summary>Skips a field Google.Protobuf would keep as an unknown field (or a known one read elsewhere).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Skip(uint tag)
    {
        // Length-delimited fields (ids, names, unread messages) are by far the most common skipped fields, then
        // one-byte varints (span kind, dropped counts).
        var wireType = tag & 7;
        if (wireType == LengthDelimited)
        {
            ReadLengthDelimited();
        }
        else if (wireType == 0 && (uint)_position < (uint)_data.Length && _data[_position] < 0x80)
        {
            _position++;
        }
        else
        {
            _position = SkipOther(_data, _position, tag);
        }
    }

    /// <summary>Throws the exception that sends a body to Google.Protobuf; kept out of line so callers stay small.</summary>
    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowInvalidData(string reason) => throw new InvalidDataException(reason);

    // The out-of-line paths below are static and return the next position instead of taking the cursor by reference:
    // a call that took `this` would make the JIT keep the cursor in memory in every loop that inlines the fast paths.

    /// <summary>Skips a field of any wire type but length-delimited; returns the position after it.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int SkipOther(ReadOnlySpan<byte> data, int position, uint tag)
    {
        switch (tag & 7)
        {
            case 0:
                return ReadVarintSlow(data, position, 10).Next;
            case 1:
                return Advance(data, position, 8);
            case LengthDelimited:
                var range = ReadLengthDelimitedSlow(data, position);
                return range.Start + range.Length;
            case 5:
                return Advance(data, position, 4);
            default:
                // Groups (3, 4) are legal but never sent by OTLP exporters: Google.Protobuf decides.
                ThrowInvalidData("group wire type");
                return position;
        }
    }

    private static int Advance(ReadOnlySpan<byte> data, int position, int bytes)
    {
        if (data.Length - position < bytes)
        {
            ThrowInvalidData("truncated fixed-width field");
        }

        return position + bytes;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (uint Tag, int Next) ReadTagSlow(ReadOnlySpan<byte> data, int position)
    {
        var (tag, next) = ReadVarintSlow(data, position, 5);
        if ((tag >> 3) == 0 || (tag & 7) is 6 or 7 || tag > uint.MaxValue)
        {
            ThrowInvalidData("invalid tag");
        }

        return ((uint)tag, next);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ProtoRange ReadLengthDelimitedSlow(ReadOnlySpan<byte> data, int position)
    {
        // Two-byte lengths (128 B to 16 KiB: every span, most scope and resource spans) without the general loop.
        if ((uint)(position + 1) < (uint)data.Length && data[position] >= 0x80 && data[position + 1] < 0x80)
        {
            var twoByteLength = (data[position] & 0x7F) | (data[position + 1] << 7);
            if (twoByteLength > data.Length - (position + 2))
            {
                ThrowInvalidData("length beyond the message");
            }

            return new ProtoRange(position + 2, twoByteLength);
        }

        var (length, start) = ReadVarintSlow(data, position, 5);
        if (length > int.MaxValue || (long)length > data.Length - start)
        {
            ThrowInvalidData("length beyond the message");
        }

        return new ProtoRange(start, (int)length);
    }

    /// <summary>
    /// The general varint: any length up to <paramref name="maxBytes"/>, throwing when truncated or longer; returns
    /// the value and the position after it.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (ulong Value, int Next) ReadVarintSlow(ReadOnlySpan<byte> data, int position, int maxBytes)
    {
        // One byte (a skipped varint field such as span kind) and two bytes (tags of fields 16–2047 such as span flags,
        // values 128–16383) without the loop; every caller allows at least five bytes, so two are within maxBytes.
        if ((uint)(position + 1) < (uint)data.Length)
        {
            uint first = data[position];
            if (first < 0x80)
            {
                return (first, position + 1);
            }

            if (data[position + 1] < 0x80)
            {
                return ((first & 0x7F) | ((uint)data[position + 1] << 7), position + 2);
            }
        }

        ulong value = 0;
        for (var i = 0; i < maxBytes; i++)
        {
            if ((uint)position >= (uint)data.Length)
            {
                ThrowInvalidData("truncated varint");
            }

            var b = data[position++];
            value |= (ulong)(b & 0x7F) << (7 * i);
            if (b < 0x80)
            {
                return (value, position);
            }
        }

        ThrowInvalidData("varint too long");
        return (0, position);
    }
}
