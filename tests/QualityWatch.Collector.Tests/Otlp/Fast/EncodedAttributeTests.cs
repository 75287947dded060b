using FsCheck;
using FsCheck.Fluent;
using Google.Protobuf;
using QualityWatch.Collector.Otlp.Fast;
using QualityWatch.Collector.Otlp.Proto.Common;

namespace QualityWatch.Collector.Tests.Otlp.Fast;

/// <summary>
/// KeyValue and AnyValue reads: the straight-line path for the shapes exporters write (key then value, one-byte
/// lengths, a single scalar) gives what the general loop and Google.Protobuf give, and every other shape still goes
/// through the general loop.
/// </summary>
public sealed class EncodedAttributeTests
{
    // Keyed by a readable name because the generated OTLP types are internal and cannot appear in a theory signature.
    private static readonly Dictionary<string, KeyValue> Cases = new()
    {
        ["string"] = new KeyValue { Key = "gen_ai.provider.name", Value = new AnyValue { StringValue = "openai" } },
        ["empty string"] = new KeyValue { Key = "empty.string", Value = new AnyValue { StringValue = "" } },
        ["empty key"] = new KeyValue { Key = "", Value = new AnyValue { StringValue = "empty key" } },
        ["string of 125"] = new KeyValue { Key = "long.string.value", Value = new AnyValue { StringValue = new string('x', 125) } },
        ["string of 126"] = new KeyValue { Key = "longer.string.value", Value = new AnyValue { StringValue = new string('y', 126) } },
        ["string of 300"] = new KeyValue { Key = "two.byte.length", Value = new AnyValue { StringValue = new string('z', 300) } },
        ["key of 127"] = new KeyValue { Key = new string('k', 127), Value = new AnyValue { StringValue = "one-byte key length" } },
        ["key of 128"] = new KeyValue { Key = new string('k', 128), Value = new AnyValue { StringValue = "two-byte key length" } },
        ["int 120"] = new KeyValue { Key = "gen_ai.usage.input_tokens", Value = new AnyValue { IntValue = 120 } },
        ["int 0"] = new KeyValue { Key = "int.zero", Value = new AnyValue { IntValue = 0 } },
        ["int 127"] = new KeyValue { Key = "int.127", Value = new AnyValue { IntValue = 127 } },
        ["int 128"] = new KeyValue { Key = "int.128", Value = new AnyValue { IntValue = 128 } },
        ["int -1"] = new KeyValue { Key = "int.negative", Value = new AnyValue { IntValue = -1 } },
        ["bool true"] = new KeyValue { Key = "bool.true", Value = new AnyValue { BoolValue = true } },
        ["bool false"] = new KeyValue { Key = "bool.false", Value = new AnyValue { BoolValue = false } },
        ["double"] = new KeyValue { Key = "gen_ai.usage.cost", Value = new AnyValue { DoubleValue = 0.0125 } },
        ["bytes"] = new KeyValue { Key = "bytes", Value = new AnyValue { BytesValue = ByteString.CopyFromUtf8("raw") } },
        ["array"] = new KeyValue { Key = "array", Value = new AnyValue { ArrayValue = new ArrayValue { Values = { new AnyValue { StringValue = "first" }, new AnyValue { IntValue = 2 } } } } },
        ["kvlist"] = new KeyValue { Key = "kvlist", Value = new AnyValue { KvlistValue = new KeyValueList { Values = { new KeyValue { Key = "inner", Value = new AnyValue { BoolValue = true } } } } } },
        ["unset value"] = new KeyValue { Key = "unset.value", Value = new AnyValue() },
        ["no value"] = new KeyValue { Key = "no.value" },
    };

    public static TheoryData<string> CaseNames() => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Read_EveryValueCase_AgreesWithGoogleProtobuf(string name)
    {
        var bytes = Cases[name].ToByteArray();

        var attribute = EncodedAttribute.Read(bytes, new ProtoRange(0, bytes.Length), depth: 4);

        AssertSameAs(KeyValue.Parser.ParseFrom(bytes), attribute, bytes);
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Read_SameFieldsWithOverLongLengths_GivesWhatTheStraightLinePathGives(string name)
    {
        // Two-byte encodings of one-byte lengths are valid protobuf that only the general loop reads.
        var bytes = Cases[name].ToByteArray();
        var padded = PadLengths(bytes);

        var fast = EncodedAttribute.Read(bytes, new ProtoRange(0, bytes.Length), depth: 4);
        var general = EncodedAttribute.Read(padded, new ProtoRange(0, padded.Length), depth: 4);

        Assert.Equal(Describe(fast, bytes), Describe(general, padded));
        AssertSameAs(KeyValue.Parser.ParseFrom(padded), general, padded);
    }

    [Theory]
    [InlineData(new byte[] { 0x12, 0x02, 0x18, 0x05, 0x0A, 0x01, 0x6B }, "k", 5L)] // value before key
    [InlineData(new byte[] { 0x0A, 0x01, 0x6B, 0x12, 0x02, 0x18, 0x05, 0x20, 0x01 }, "k", 5L)] // unknown field after the value
    [InlineData(new byte[] { 0x0A, 0x01, 0x6B, 0x0A, 0x01, 0x6A, 0x12, 0x02, 0x18, 0x05 }, "j", 5L)] // repeated key: last wins
    [InlineData(new byte[] { 0x0A, 0x01, 0x6B, 0x12, 0x04, 0x18, 0x05, 0x18, 0x06 }, "k", 6L)] // repeated int_value: last wins
    [InlineData(new byte[] { 0x0A, 0x01, 0x6B, 0x12, 0x04, 0x0A, 0x00, 0x18, 0x06 }, "k", 6L)] // string then int: last case wins
    [InlineData(new byte[] { 0x0A, 0x01, 0x6B, 0x12, 0x03, 0x18, 0x05, 0x28 }, "k", null)] // truncated inside the value
    [InlineData(new byte[] { 0x0A, 0x01, 0x6B, 0x12, 0x03, 0x18, 0x05 }, "k", null)] // value length beyond the message
    [InlineData(new byte[] { 0x0A, 0x01, 0x6B, 0x12, 0x02, 0x18, 0x05, 0x12, 0x00 }, "k", null)] // repeated value: left to Google.Protobuf
    [InlineData(new byte[] { 0x0A, 0x01, 0x6B, 0x12, 0x02, 0x18, 0x05, 0x0B }, "k", null)] // group after the value
    [InlineData(new byte[] { 0x0A, 0x01, 0x6B, 0x12, 0x02, 0x18, 0x80 }, "k", null)] // truncated int_value
    [InlineData(new byte[] { 0x0A, 0x01, 0x6B, 0x12, 0x02, 0x0A, 0x01 }, "k", null)] // string_value beyond the value
    public void Read_OtherShapes_GoThroughTheGeneralLoop(byte[] bytes, string key, long? intValue)
    {
        var range = new ProtoRange(0, bytes.Length);
        if (intValue is null)
        {
            Assert.Throws<InvalidDataException>(() => EncodedAttribute.Read(bytes, range, depth: 4));
            return;
        }

        var attribute = EncodedAttribute.Read(bytes, range, depth: 4);

        Assert.Equal(key, System.Text.Encoding.UTF8.GetString(attribute.Key.Of(bytes)));
        Assert.Equal(intValue, attribute.Value.ToAnyValue(bytes).IntValue);
        AssertSameAs(KeyValue.Parser.ParseFrom(bytes), attribute, bytes);
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(127L)]
    [InlineData(128L)]
    [InlineData(1834L)]
    [InlineData(16_383L)]
    [InlineData(16_384L)]
    [InlineData(2_097_152L)]
    [InlineData(long.MaxValue)]
    [InlineData(-1L)]
    public void ReadValue_IntOfEveryVarintLength_AgreesWithGoogleProtobufAndThrowsWhenTruncated(long number)
    {
        var bytes = new AnyValue { IntValue = number }.ToByteArray();

        var value = EncodedValue.Read(bytes, new ProtoRange(0, bytes.Length), depth: 5);

        Assert.Equal(AnyValue.ValueOneofCase.IntValue, value.Case);
        Assert.Equal(AnyValue.Parser.ParseFrom(bytes).IntValue, value.ToAnyValue(bytes).IntValue);
        Assert.Throws<InvalidDataException>(() => EncodedValue.Read(bytes, new ProtoRange(0, bytes.Length - 1), depth: 5));

        // The same value followed by an unknown field: the general loop reads it.
        byte[] withUnknown = [.. bytes, 0x40, 0x01];
        Assert.Equal(number, EncodedValue.Read(withUnknown, new ProtoRange(0, withUnknown.Length), depth: 5).ToAnyValue(withUnknown).IntValue);
    }

    [Fact]
    public void Read_TooDeep_ThrowsEvenForTheStraightLineShape()
    {
        var bytes = new KeyValue { Key = "k", Value = new AnyValue { StringValue = "v" } }.ToByteArray();

        Assert.Throws<InvalidDataException>(() => EncodedAttribute.Read(bytes, new ProtoRange(0, bytes.Length), OtlpProtobufReader.MaxDepth + 1));
        Assert.Throws<InvalidDataException>(() => EncodedAttribute.Read(bytes, new ProtoRange(0, bytes.Length), OtlpProtobufReader.MaxDepth));
    }

    [Fact]
    public void Read_MutatedAttributes_OnlyWhatGoogleProtobufDecodesToTheSameValue()
    {
        var accepted = 0;
        var rejected = 0;
        var edit = Gen.Zip(Gen.Choose(0, int.MaxValue), Gen.Choose(0, 255), (position, value) => (position, value));
        var property = Prop.ForAll(Arb.From(Gen.Choose(0, int.MaxValue)), Arb.From(Gen.ArrayOf(edit)), (seed, edits) =>
        {
            var random = new Random(seed);
            var bytes = Cases.Values.ElementAt(random.Next(Cases.Count)).ToByteArray();
            foreach (var (position, replacement) in edits.Take(2))
            {
                bytes[position % bytes.Length] = (byte)replacement;
            }

            if (random.Next(3) == 0)
            {
                bytes = bytes[..random.Next(bytes.Length)];
            }

            EncodedAttribute attribute;
            try
            {
                attribute = EncodedAttribute.Read(bytes, new ProtoRange(0, bytes.Length), depth: 4);
            }
            catch (InvalidDataException)
            {
                rejected++;
                return;
            }

            accepted++;
            AssertSameAs(KeyValue.Parser.ParseFrom(bytes), attribute, bytes);
        });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(1500), property);

        Assert.True(accepted > 100, $"accepted {accepted}");
        Assert.True(rejected > 100, $"rejected {rejected}");
    }

    private static void AssertSameAs(KeyValue expected, EncodedAttribute actual, byte[] data)
    {
        Assert.Equal(expected.Key, System.Text.Encoding.UTF8.GetString(actual.Key.Of(data)));
        Assert.Equal(expected.Value is not null, actual.HasValue);
        if (expected.Value is null)
        {
            return;
        }

        var value = actual.Value.ToAnyValue(data);
        AssertSameScalar(expected.Value, value);
        switch (expected.Value.ValueCase)
        {
            case AnyValue.ValueOneofCase.BytesValue:
                Assert.Equal(expected.Value.BytesValue.ToByteArray(), actual.Value.Bytes.Of(data).ToArray());
                break;
            case AnyValue.ValueOneofCase.ArrayValue:
                Assert.Equal(Math.Min(1, expected.Value.ArrayValue.Values.Count), value.ArrayValue.Values.Count);
                if (value.ArrayValue.Values.Count == 1)
                {
                    AssertSameScalar(expected.Value.ArrayValue.Values[0], value.ArrayValue.Values[0]);
                }

                break;
        }
    }

    /// <summary>
    /// Compares case and scalar by accessor, not message equality: Google.Protobuf also keeps unknown fields a
    /// mutation created, which the mapping never reads.
    /// </summary>
    private static void AssertSameScalar(AnyValue expected, AnyValue actual)
    {
        Assert.Equal(expected.ValueCase, actual.ValueCase);
        Assert.Equal(expected.StringValue, actual.StringValue);
        Assert.Equal(expected.IntValue, actual.IntValue);
        Assert.Equal(expected.BoolValue, actual.BoolValue);
        Assert.Equal(BitConverter.DoubleToInt64Bits(expected.DoubleValue), BitConverter.DoubleToInt64Bits(actual.DoubleValue));
    }

    /// <summary>What a read found, independent of where in the buffer it found it.</summary>
    private static string Describe(EncodedAttribute attribute, byte[] data) =>
        $"{Convert.ToHexString(attribute.Key.Of(data))}|{attribute.HasValue}|{attribute.Value.Case}|{attribute.Value.Bits}|"
        + Convert.ToHexString(attribute.Value.Case is AnyValue.ValueOneofCase.None or AnyValue.ValueOneofCase.IntValue
            or AnyValue.ValueOneofCase.BoolValue or AnyValue.ValueOneofCase.DoubleValue ? [] : attribute.Value.Bytes.Of(data));

    /// <summary>
    /// Re-encodes a KeyValue with every one-byte length of the KeyValue and of a string value written in two bytes
    /// (0x80 | n, 0x00): the same message, in a shape the straight-line path does not take.
    /// </summary>
    private static byte[] PadLengths(byte[] keyValue)
    {
        var output = new List<byte>();
        var position = 0;
        while (position < keyValue.Length)
        {
            var tag = keyValue[position++];
            var length = (int)new CodedInputStream(keyValue, position, keyValue.Length - position).ReadLength();
            var lengthBytes = CodedOutputStream.ComputeLengthSize(length);
            var payload = keyValue.AsSpan(position + lengthBytes, length).ToArray();
            position += lengthBytes + length;
            if (tag == 18 && payload.Length >= 2 && payload[0] == 10 && payload[1] < 0x80 && payload[1] + 2 == payload.Length)
            {
                payload = [10, (byte)(payload[1] | 0x80), 0x00, .. payload[2..]];
            }

            output.Add(tag);
            output.AddRange(payload.Length < 0x80 ? [(byte)(payload.Length | 0x80), 0x00] : Encode(payload.Length));
            output.AddRange(payload);
        }

        return [.. output];
    }

    private static byte[] Encode(int length)
    {
        var bytes = new byte[CodedOutputStream.ComputeLengthSize(length)];
        new CodedOutputStream(bytes).WriteLength(length);
        return bytes;
    }
}
