namespace QualityWatch.Collector.Otlp.Fast;

/// <summary>An OTLP <c>KeyValue</c> in encoded form: where its key is and its (still encoded) value.</summary>
internal readonly record struct EncodedAttribute(ProtoRange Key, bool HasValue, EncodedValue Value)
{
    /// <summary>Reads and validates one KeyValue message.</summary>
    public static EncodedAttribute Read(ReadOnlySpan<byte> data, ProtoRange range, int depth)
    {
        if (depth > OtlpProtobufReader.MaxDepth)
        {
            throw new InvalidDataException("nesting too deep for the fast path");
        }

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
                    throw new InvalidDataException("repeated value");
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
