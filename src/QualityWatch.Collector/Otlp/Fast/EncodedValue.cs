using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;
using Google.Protobuf;
using QualityWatch.Collector.Otlp.Proto.Common;

namespace QualityWatch.Collector.Otlp.Fast;

/// <summary>
/// An OTLP <c>AnyValue</c> still in its encoded form: which case of the oneof was set last and where its bytes are,
/// so only the values the mapping reads are ever turned into objects and strings.
/// </summary>
internal readonly record struct EncodedValue(AnyValue.ValueOneofCase Case, ProtoRange Bytes, ulong Bits)
{
    public static EncodedValue Absent { get; } = new(AnyValue.ValueOneofCase.None, default, 0);

    /// <summary>
    /// The equivalent Google.Protobuf value for the accessors the mapping uses (<c>AsString</c>, <c>AsInt64</c>,
    /// <c>AsDouble</c>): arrays keep only their first element, key-value lists and bytes only their case.
    /// Strings decode as Google.Protobuf decodes them (invalid UTF-8 becomes U+FFFD).
    /// </summary>
    public AnyValue ToAnyValue(ReadOnlySpan<byte> data) => Case switch
    {
        AnyValue.ValueOneofCase.StringValue => new AnyValue { StringValue = Encoding.UTF8.GetString(Bytes.Of(data)) },
        AnyValue.ValueOneofCase.BoolValue => new AnyValue { BoolValue = Bits != 0 },
        AnyValue.ValueOneofCase.IntValue => new AnyValue { IntValue = (long)Bits },
        AnyValue.ValueOneofCase.DoubleValue => new AnyValue { DoubleValue = BitConverter.UInt64BitsToDouble(Bits) },
        AnyValue.ValueOneofCase.ArrayValue => new AnyValue { ArrayValue = FirstElement(data) },
        AnyValue.ValueOneofCase.KvlistValue => new AnyValue { KvlistValue = new KeyValueList() },
        AnyValue.ValueOneofCase.BytesValue => new AnyValue { BytesValue = ByteString.Empty },
        _ => new AnyValue(),
    };

    private ArrayValue FirstElement(ReadOnlySpan<byte> data)
    {
        var array = new ArrayValue();
        var reader = new ProtoReader(data, Bytes);
        while (!reader.AtEnd)
        {
            var tag = reader.ReadTag();
            if (tag == ProtoReader.Tag(1, ProtoReader.LengthDelimited))
            {
                array.Values.Add(Read(data, reader.ReadLengthDelimited(), depth: 0).ToAnyValue(data));
                return array;
            }

            reader.Skip(tag);
        }

        return array;
    }

    /// <summary>Reads (and validates, to <paramref name="depth"/> levels of nesting) one encoded AnyValue.</summary>
    public static EncodedValue Read(ReadOnlySpan<byte> data, ProtoRange range, int depth)
    {
        if (depth > OtlpProtobufReader.MaxDepth)
        {
            ProtoReader.ThrowInvalidData("nesting too deep for the fast path");
        }

        // What OTLP exporters write for most attributes: one string_value with a one-byte length, one int_value of one
        // or two bytes (token counts up to 16383), one bool_value or one double_value (costs), and nothing else. The
        // general loop gives the same result for these bytes.
        var message = range.Of(data);
        if (message.Length >= 2)
        {
            uint tag = message[0];
            uint second = message[1];
            if (tag == 10)
            {
                if (second < 0x80 && second + 2 == (uint)message.Length)
                {
                    return new(AnyValue.ValueOneofCase.StringValue, new ProtoRange(range.Start + 2, (int)second), 0);
                }
            }
            else if (tag == 24)
            {
                if (message.Length == 2 && second < 0x80)
                {
                    return new(AnyValue.ValueOneofCase.IntValue, default, second);
                }

                if (message.Length == 3 && second >= 0x80 && message[2] < 0x80)
                {
                    return new(AnyValue.ValueOneofCase.IntValue, default, (second & 0x7F) | ((uint)message[2] << 7));
                }
            }
            else if (tag == 16)
            {
                if (message.Length == 2 && second < 0x80)
                {
                    return new(AnyValue.ValueOneofCase.BoolValue, default, second);
                }
            }
            else if (tag == 33 && message.Length == 9)
            {
                return new(AnyValue.ValueOneofCase.DoubleValue, default, BinaryPrimitives.ReadUInt64LittleEndian(message[1..]));
            }
        }

        return ReadAnyShape(data, range, depth);
    }

    /// <summary>The general loop: any field order, repeated fields (the last one wins), unknown fields, composites.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static EncodedValue ReadAnyShape(ReadOnlySpan<byte> data, ProtoRange range, int depth)
    {
        var value = Absent;
        var reader = new ProtoReader(data, range);
        var sawComposite = false;
        while (!reader.AtEnd)
        {
            var tag = reader.ReadTag();
            switch (tag)
            {
                case 10:
                    value = new(AnyValue.ValueOneofCase.StringValue, reader.ReadLengthDelimited(), 0);
                    break;
                case 16:
                    value = new(AnyValue.ValueOneofCase.BoolValue, default, reader.ReadVarint());
                    break;
                case 24:
                    value = new(AnyValue.ValueOneofCase.IntValue, default, reader.ReadVarint());
                    break;
                case 33:
                    value = new(AnyValue.ValueOneofCase.DoubleValue, default, reader.ReadFixed64());
                    break;
                case 42:
                case 50:
                    // Google.Protobuf merges a repeated array or list into the previous one: leave that to it.
                    if (sawComposite)
                    {
                        ProtoReader.ThrowInvalidData("repeated composite value");
                    }

                    sawComposite = true;
                    var composite = reader.ReadLengthDelimited();
                    ValidateContainer(data, composite, tag == 42, depth + 1);
                    value = new(tag == 42 ? AnyValue.ValueOneofCase.ArrayValue : AnyValue.ValueOneofCase.KvlistValue, composite, 0);
                    break;
                case 58:
                    value = new(AnyValue.ValueOneofCase.BytesValue, reader.ReadLengthDelimited(), 0);
                    break;
                default:
                    reader.Skip(tag);
                    break;
            }
        }

        return value;
    }

    /// <summary>Validates an ArrayValue (repeated AnyValue = 1) or KeyValueList (repeated KeyValue = 1).</summary>
    private static void ValidateContainer(ReadOnlySpan<byte> data, ProtoRange range, bool array, int depth)
    {
        if (depth > OtlpProtobufReader.MaxDepth)
        {
            ProtoReader.ThrowInvalidData("nesting too deep for the fast path");
        }

        var reader = new ProtoReader(data, range);
        while (!reader.AtEnd)
        {
            var tag = reader.ReadTag();
            if (tag == 10)
            {
                var element = reader.ReadLengthDelimited();
                if (array)
                {
                    Read(data, element, depth + 1);
                }
                else
                {
                    EncodedAttribute.Read(data, element, depth + 1);
                }
            }
            else
            {
                reader.Skip(tag);
            }
        }
    }
}
