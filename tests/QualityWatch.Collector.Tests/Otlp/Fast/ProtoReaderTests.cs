using FsCheck;
using FsCheck.Fluent;
using Google.Protobuf;
using QualityWatch.Collector.Otlp.Fast;

namespace QualityWatch.Collector.Tests.Otlp.Fast;

/// <summary>
/// The wire primitives, one-byte fast paths and general loops alike, read what Google.Protobuf's CodedInputStream
/// reads and throw wherever it throws (plus the unusual encodings the fast path leaves to Google.Protobuf).
/// </summary>
public sealed class ProtoReaderTests
{
    // A byte after the field under test, so a reader that consumed too much or too little is caught.
    private const byte Sentinel = 0x08;

    public static TheoryData<int> VarintLengths() => [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

    [Theory]
    [MemberData(nameof(VarintLengths))]
    public void ReadVarint_EveryLengthFrom1To10Bytes_AgreesWithCodedInputStream(int length)
    {
        foreach (var encoded in VarintsOfLength(length))
        {
            byte[] data = [.. encoded, Sentinel];
            var reader = new ProtoReader(data, Whole(data));

            var value = reader.ReadVarint();

            Assert.Equal(new CodedInputStream(data).ReadUInt64(), value);
            Assert.Equal(Sentinel, reader.ReadVarint());
            Assert.True(reader.AtEnd);
        }
    }

    [Theory]
    [MemberData(nameof(VarintLengths))]
    public void ReadVarint_TruncatedAtTheMessageEnd_ThrowsLikeCodedInputStream(int length)
    {
        foreach (var encoded in VarintsOfLength(length))
        {
            // The buffer goes on, the message does not: the bound is the message, not the buffer.
            byte[] data = [.. encoded, Sentinel];
            var message = new ProtoRange(0, length - 1);

            Assert.Throws<InvalidDataException>(() => new ProtoReader(data, message).ReadVarint());
            Assert.Throws<InvalidProtocolBufferException>(() => new CodedInputStream(encoded[..^1]).ReadUInt64());
        }
    }

    [Fact]
    public void ReadVarint_ElevenBytes_ThrowsLikeCodedInputStream()
    {
        byte[] data = [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01];

        Assert.Throws<InvalidDataException>(() => new ProtoReader(data, Whole(data)).ReadVarint());
        Assert.Throws<InvalidProtocolBufferException>(() => new CodedInputStream(data).ReadUInt64());
    }

    [Fact]
    public void ReadVarint_RandomValues_RoundTripWithCodedOutputStream()
    {
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(500), Prop.ForAll(Arb.From(ArbMap.Default.GeneratorFor<ulong>()), value =>
        {
            byte[] data = [.. Encode(output => output.WriteUInt64(value)), Sentinel];
            var reader = new ProtoReader(data, Whole(data));

            Assert.Equal(value, reader.ReadVarint());
            Assert.Equal(Sentinel, reader.ReadVarint());
        }));
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(1, 2)]
    [InlineData(15, 5)]
    [InlineData(15, 2)]
    [InlineData(16, 0)]
    [InlineData(16, 1)]
    [InlineData(2047, 2)]
    [InlineData(2048, 5)]
    [InlineData(262_143, 2)]
    [InlineData(262_144, 0)]
    [InlineData(536_870_911, 5)]
    public void ReadTag_OneToFiveBytes_AgreesWithCodedInputStream(int field, int wireType)
    {
        var tag = ProtoReader.Tag(field, wireType);
        byte[] data = [.. Encode(output => output.WriteTag(tag)), Sentinel];
        var reader = new ProtoReader(data, Whole(data));

        Assert.Equal(new CodedInputStream(data).ReadTag(), reader.ReadTag());
        Assert.Equal(tag, new CodedInputStream(data).ReadTag());
        Assert.Equal(Sentinel, reader.ReadVarint());
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void ReadTag_OverLongEncodingUpToFiveBytes_ReadsTheTagLikeCodedInputStream(int length)
    {
        // Tag 10 (field 1, length-delimited) padded with continuation bytes.
        var encoded = Padded(10, length);
        byte[] data = [.. encoded, Sentinel];
        var reader = new ProtoReader(data, Whole(data));

        Assert.Equal(10u, reader.ReadTag());
        Assert.Equal(10u, new CodedInputStream(data).ReadTag());
        Assert.Equal(Sentinel, reader.ReadVarint());
    }

    [Fact]
    public void ReadTag_EveryFirstByte_AcceptsExactlyFieldNumbersAbove0WithWireTypes0To5()
    {
        for (var first = 0; first < 256; first++)
        {
            // A continuation byte completes a two-byte tag: field number (first & 0x7F) >> 3 + 16, never 0.
            byte[] data = [(byte)first, 0x01, Sentinel];
            var tag = first < 0x80 ? (uint)first : (uint)(first & 0x7F) | 0x80;
            var valid = (tag >> 3) != 0 && (tag & 7) < 6;
            if (!valid)
            {
                Assert.Throws<InvalidDataException>(() => new ProtoReader(data, Whole(data)).ReadTag());
                continue;
            }

            var reader = new ProtoReader(data, Whole(data));
            Assert.Equal(tag, reader.ReadTag());
            Assert.Equal(new CodedInputStream(data).ReadTag(), tag);
            Assert.Equal(first < 0x80 ? 0x01ul : Sentinel, reader.ReadVarint());
        }
    }

    [Theory]
    [InlineData(new byte[] { 0x00 })] // field number 0
    [InlineData(new byte[] { 0x07 })] // field number 0, wire type 7
    [InlineData(new byte[] { 0x0E })] // wire type 6
    [InlineData(new byte[] { 0x0F })] // wire type 7
    [InlineData(new byte[] { 0xFE, 0x01 })] // two bytes, wire type 6
    [InlineData(new byte[] { 0x80, 0x00 })] // over-long field number 0
    [InlineData(new byte[] { 0x8A, 0x80, 0x80, 0x80, 0x80, 0x00 })] // six bytes: Google.Protobuf decides
    [InlineData(new byte[] { 0x8A, 0x80, 0x80, 0x80, 0x10 })] // more than 32 bits
    [InlineData(new byte[] { 0x8A })] // truncated
    [InlineData(new byte[] { })] // nothing left
    public void ReadTag_InvalidOrUnusual_Throws(byte[] data)
    {
        Assert.Throws<InvalidDataException>(() => new ProtoReader(data, Whole(data)).ReadTag());
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 1)]
    [InlineData(127, 1)]
    [InlineData(127, 2)]
    [InlineData(128, 2)]
    [InlineData(300, 2)]
    [InlineData(300, 5)]
    [InlineData(20_000, 3)]
    public void ReadLengthDelimited_LengthPrefixOfOneToFiveBytes_AgreesWithCodedInputStream(int length, int prefixBytes)
    {
        var payload = Enumerable.Range(0, length).Select(i => (byte)i).ToArray();
        byte[] data = [.. Padded((ulong)length, prefixBytes), .. payload, Sentinel];
        var reader = new ProtoReader(data, Whole(data));

        var range = reader.ReadLengthDelimited();

        Assert.Equal(payload, range.Of(data).ToArray());
        Assert.Equal(payload, new CodedInputStream(data).ReadBytes().ToByteArray());
        Assert.Equal(Sentinel, reader.ReadVarint());
        Assert.True(reader.AtEnd);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(126)]
    [InlineData(127)]
    [InlineData(128)]
    [InlineData(300)]
    public void ReadLengthDelimited_ExactlyToTheMessageEnd_IsReadAndOneMoreByteThrows(int length)
    {
        var prefix = Encode(output => output.WriteLength(length));
        byte[] data = [.. prefix, .. new byte[length], Sentinel, Sentinel];
        var exact = new ProtoRange(0, prefix.Length + length);
        var reader = new ProtoReader(data, exact);

        Assert.Equal(new ProtoRange(prefix.Length, length), reader.ReadLengthDelimited());
        Assert.True(reader.AtEnd);

        // The buffer holds the extra byte; the message does not.
        var oneShort = new ProtoRange(0, prefix.Length + length - 1);
        Assert.Throws<InvalidDataException>(() => new ProtoReader(data, oneShort).ReadLengthDelimited());
        if (length > 0)
        {
            byte[] truncated = [.. prefix, .. new byte[length - 1]];
            Assert.Throws<InvalidProtocolBufferException>(() => new CodedInputStream(truncated).ReadBytes());
        }
    }

    [Theory]
    [InlineData(new byte[] { 0x80, 0x80, 0x80, 0x80, 0x80, 0x00 })] // six-byte length: Google.Protobuf decides
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0x07 })] // int.MaxValue, beyond the message
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0x0F })] // more than int.MaxValue
    [InlineData(new byte[] { 0x80 })] // truncated length
    [InlineData(new byte[] { })] // nothing left
    public void ReadLengthDelimited_UnusualOrBeyondTheMessage_Throws(byte[] data)
    {
        Assert.Throws<InvalidDataException>(() => new ProtoReader(data, Whole(data)).ReadLengthDelimited());
    }

    [Fact]
    public void ReadFixed64_EightBytes_AgreesWithCodedInputStreamAndSevenThrow()
    {
        byte[] data = [0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x88, Sentinel];
        var reader = new ProtoReader(data, Whole(data));

        Assert.Equal(new CodedInputStream(data).ReadFixed64(), reader.ReadFixed64());
        Assert.Equal(Sentinel, reader.ReadVarint());
        Assert.Throws<InvalidDataException>(() => new ProtoReader(data, new ProtoRange(1, 7)).ReadFixed64());
    }

    [Theory]
    [InlineData(new byte[] { 0x08, 0x05 })] // one-byte varint (span kind)
    [InlineData(new byte[] { 0x08, 0x96, 0x01 })] // varint
    [InlineData(new byte[] { 0x08, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01 })] // ten-byte varint
    [InlineData(new byte[] { 0x09, 1, 2, 3, 4, 5, 6, 7, 8 })] // fixed64
    [InlineData(new byte[] { 0x0A, 0x03, 1, 2, 3 })] // length-delimited
    [InlineData(new byte[] { 0x0A, 0x83, 0x00, 1, 2, 3 })] // length-delimited, two-byte length
    [InlineData(new byte[] { 0x0D, 1, 2, 3, 4 })] // fixed32
    [InlineData(new byte[] { 0x85, 0x01, 1, 2, 3, 4 })] // fixed32 with a two-byte tag (span flags)
    public void Skip_EveryNonGroupWireType_SkipsWhatCodedInputStreamSkips(byte[] field)
    {
        byte[] data = [.. field, Sentinel, 0x00];
        var reader = new ProtoReader(data, Whole(data));
        reader.Skip(reader.ReadTag());

        var google = new CodedInputStream(data);
        google.ReadTag();
        google.SkipLastField();
        Assert.Equal(Sentinel, google.ReadTag());
        Assert.Equal(Sentinel, reader.ReadTag());
    }

    [Theory]
    [InlineData(new byte[] { 0x08 })] // varint missing
    [InlineData(new byte[] { 0x08, 0x80 })] // truncated varint
    [InlineData(new byte[] { 0x08, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01 })] // eleven bytes
    [InlineData(new byte[] { 0x09, 1, 2, 3, 4, 5, 6, 7 })] // truncated fixed64
    [InlineData(new byte[] { 0x0A, 0x04, 1, 2, 3 })] // length beyond the message
    [InlineData(new byte[] { 0x0D, 1, 2, 3 })] // truncated fixed32
    [InlineData(new byte[] { 0x0B, 0x0C })] // group: legal, left to Google.Protobuf
    public void Skip_TruncatedOrGroup_Throws(byte[] data)
    {
        Assert.Throws<InvalidDataException>(() =>
        {
            var reader = new ProtoReader(data, Whole(data));
            reader.Skip(reader.ReadTag());
        });
    }

    [Fact]
    public void AtEnd_ReaderOnAnInnerRange_StopsAtTheRangeNotTheBuffer()
    {
        byte[] data = [0x0A, 0x02, 0x08, 0x01, 0x08, 0x02];
        var outer = new ProtoReader(data, Whole(data));
        Assert.Equal(10u, outer.ReadTag());
        var inner = new ProtoReader(data, outer.ReadLengthDelimited());

        Assert.Equal(8u, inner.ReadTag());
        Assert.Equal(1ul, inner.ReadVarint());
        Assert.True(inner.AtEnd);
        Assert.False(outer.AtEnd);
        Assert.Throws<InvalidDataException>(() =>
        {
            var again = new ProtoReader(data, new ProtoRange(2, 2));
            again.ReadTag();
            again.ReadVarint();
            again.ReadTag();
        });
    }

    /// <summary>Minimal and maximal values of exactly <paramref name="length"/> bytes, and 1 padded to that length.</summary>
    private static IEnumerable<byte[]> VarintsOfLength(int length)
    {
        var smallest = length == 1 ? 0ul : 1ul << (7 * (length - 1));
        var largest = length == 10 ? ulong.MaxValue : (1ul << (7 * length)) - 1;
        yield return Encode(output => output.WriteUInt64(smallest));
        yield return Encode(output => output.WriteUInt64(largest));
        yield return Padded(1, length);
    }

    /// <summary><paramref name="value"/> over-long encoded in <paramref name="length"/> bytes (continuation bits, zero groups).</summary>
    private static byte[] Padded(ulong value, int length)
    {
        var bytes = Encode(output => output.WriteUInt64(value));
        if (bytes.Length > length)
        {
            throw new ArgumentOutOfRangeException(nameof(length));
        }

        var padded = new byte[length];
        bytes.CopyTo(padded, 0);
        for (var i = 0; i < length - 1; i++)
        {
            padded[i] |= 0x80;
        }

        return padded;
    }

    private static ProtoRange Whole(byte[] data) => new(0, data.Length);

    private static byte[] Encode(Action<CodedOutputStream> write)
    {
        using var memory = new MemoryStream();
        var output = new CodedOutputStream(memory);
        write(output);
        output.Flush();
        return memory.ToArray();
    }
}
