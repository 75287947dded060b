using System.Runtime.CompilerServices;

namespace QualityWatch.Collector.Otlp.Fast;

/// <summary>An OTLP <c>KeyValue</c> in encoded form: where its key is and its (still encoded) value.</summary>
internal readonly record struct EncodedAttribute(ProtoRange Key, bool HasValue, EncodedValue Value)
{
    /// <summary>Reads and validates one KeyValue message.</summary>
    public static EncodedAttribute Read(ReadOnlySpan<byte> data, ProtoRange range, int depth)
    {
        if (depth > OtlpProtobufReader.MaxDepth)
        {
            ProtoReader.ThrowInvalidData("nesting too deep for the fast path");
        }

        // What every OTLP exporter writes: key (field 1) then value (field 2), each with a one-byte length, and nothing
        // else. The general loop gives the same result for these bytes; this only skips its per-field dispatch.
        var message = range.Of(data);
        if (message.Length >= 4 && message[0] == 10)
        {
            uint keyLength = message[1];
            var valueTag = (int)keyLength + 2;
            if (keyLength < 0x80 && (uint)(valueTag + 1) < (uint)message.Length && message[valueTag] == 18)
            {
                uint valueLength = message[valueTag + 1];
                if (valueLength < 0x80 && valueTag + 2 + (int)valueLength == message.Length)
                {
                    var value = EncodedValue.Read(data, new ProtoRange(range.Start + valueTag + 2, (int)valueLength), depth + 1);
                    return new EncodedAttribute(new ProtoRange(range.Start + 2, (int)keyLength), true, value);
                }
            }
        }

        return ReadAnyShape(data, range, depth);
    }

    /// <summary>The general loop: fields in any order, repeated keys, unknown fields, multi-byte lengths.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static EncodedAttribute ReadAnyShape(ReadOnlySpan<byte> data, ProtoRange range, int depth)
    {
        var key = new ProtoRange(range.Start, 0);
        var hasValue = false;
        var value = EncodedValue.Absent;
        var reader = new ProtoReader(data, range);
        while (!reader.AtEnd)
        {
            var tag = reader.ReadTag();
            if (tag == 10)
            {
                key = reader.ReadLengthDelimited();
            }
            else if (tag == 18)
            {
                // A second value would be merged into the first by Google.Protobuf: leave that to it.
                if (hasValue)
                {
                    ProtoReader.ThrowInvalidData("repeated value");
                }

                hasValue = true;
                value = EncodedValue.Read(data, reader.ReadLengthDelimited(), depth + 1);
            }
            else
            {
                reader.Skip(tag);
            }
        }

        return new EncodedAttribute(key, hasValue, value);
    }
}
