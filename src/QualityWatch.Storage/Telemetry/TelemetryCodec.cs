using QualityWatch.Core.Telemetry;

namespace QualityWatch.Storage.Telemetry;

/// <summary>
/// The compact binary form of ingest-log payloads, never any content text. Format 3 (written now) is a request's
/// calls already aggregated into series-minute parts, which is all the fold needs; formats 2 (a batch of decoded
/// calls, each distinct string once per batch, numbers as varints) and 1 (BinaryWriter) are rows left by an older
/// collector and still decode.
/// </summary>
internal static class TelemetryCodec
{
    private const int LegacyFormatVersion = 1;
    private const int FormatVersion = 2;
    private const int PartsFormatVersion = 3;

    /// <summary>Format 3: the parts, each as its series key, minute and accumulator.</summary>
    public static byte[] EncodeParts(BucketParts parts)
    {
        var writer = new CompactWriter(64 + (parts.Count * 128));
        writer.WriteVarint((ulong)parts.Count);
        foreach (var (_, start, key, accumulator) in parts.All)
        {
            WriteSeriesKey(writer, key);
            writer.WriteSigned(start);
            accumulator.WriteCompact(writer);
        }

        return writer.ToArray(PartsFormatVersion);
    }

    /// <summary>The parts a payload of any format adds to the buckets.</summary>
    public static BucketParts DecodeParts(byte[] payload)
    {
        var version = CompactReader.ReadVersion(payload, out var position);
        if (version != PartsFormatVersion)
        {
            return BucketParts.Of(DecodeBatch(payload));
        }

        var reader = new CompactReader(payload, position);
        var parts = new BucketParts();
        for (var count = reader.ReadVarint(); count > 0; count--)
        {
            var key = ReadSeriesKey(reader);
            var start = reader.ReadSigned();
            parts.GetOrAdd(key, key.Canonical, start).Merge(BucketAccumulator.ReadCompact(reader));
        }

        return parts;
    }

    /// <summary>Format 2, which collectors wrote before format 3; kept so that such rows can be produced in tests.</summary>
    public static byte[] EncodeBatch(IReadOnlyList<TelemetryEvent> events)
    {
        var writer = new CompactWriter(16 + (events.Count * 40));
        writer.WriteVarint((ulong)events.Count);
        foreach (var telemetryEvent in events)
        {
            WriteEvent(writer, telemetryEvent);
        }

        return writer.ToArray(FormatVersion);
    }

    public static List<TelemetryEvent> DecodeBatch(byte[] payload)
    {
        var version = CompactReader.ReadVersion(payload, out var position);
        if (version == FormatVersion)
        {
            var compact = new CompactReader(payload, position);
            var events = new List<TelemetryEvent>(checked((int)compact.ReadVarint()));
            for (var i = events.Capacity; i > 0; i--)
            {
                events.Add(ReadEvent(compact));
            }

            return events;
        }

        if (version != LegacyFormatVersion)
        {
            throw new InvalidDataException($"ingest log format {version} is not a batch of calls known to this version");
        }

        using var reader = new BinaryReader(new MemoryStream(payload, position, payload.Length - position));
        return DecodeLegacyBatch(reader);
    }

    /// <summary>Format 1: BinaryWriter strings and fixed-width numbers, one event after the other.</summary>
    internal static byte[] EncodeLegacyBatch(IReadOnlyList<TelemetryEvent> events)
    {
        using var stream = new MemoryStream(64 + (events.Count * 96));
        using (var writer = new BinaryWriter(stream))
        {
            writer.Write7BitEncodedInt(LegacyFormatVersion);
            writer.Write7BitEncodedInt(events.Count);
            foreach (var telemetryEvent in events)
            {
                WriteEvent(writer, telemetryEvent);
            }
        }

        return stream.ToArray();
    }

    private static List<TelemetryEvent> DecodeLegacyBatch(BinaryReader reader)
    {
        var count = reader.Read7BitEncodedInt();
        var events = new List<TelemetryEvent>(count);
        for (var i = 0; i < count; i++)
        {
            events.Add(ReadEvent(reader));
        }

        return events;
    }

    public static void WriteSeriesKey(BinaryWriter writer, SeriesKey key)
    {
        writer.Write(key.Provider);
        writer.Write(key.Model);
        writer.Write(key.Operation);
        WriteLabels(writer, key.Labels);
    }

    public static SeriesKey ReadSeriesKey(BinaryReader reader) =>
        new(reader.ReadString(), reader.ReadString(), reader.ReadString(), ReadLabels(reader));

    private static void WriteEvent(BinaryWriter writer, TelemetryEvent telemetryEvent)
    {
        var call = telemetryEvent.Call;
        WriteSeriesKey(writer, telemetryEvent.Series);
        writer.Write(call.StartTime.UtcTicks);
        writer.Write(call.Duration.Ticks);
        WriteNullable(writer, call.TimeToFirstToken?.Ticks);
        writer.Write(call.Provider);
        writer.Write(call.RequestModel);
        WriteNullable(writer, call.ResponseModel);
        writer.Write(call.Operation);
        WriteNullable(writer, call.InputTokens);
        WriteNullable(writer, call.OutputTokens);
        WriteNullable(writer, call.FinishReason);
        WriteNullable(writer, call.ErrorType);
        WriteLabels(writer, call.Labels);
        writer.Write(call.Content is not null);
        if (call.Content is { } content)
        {
            writer.Write7BitEncodedInt(content.OutputLength);
            writer.Write7BitEncodedInt(content.ScriptCounts.Count);
            foreach (var (script, count) in content.ScriptCounts)
            {
                writer.Write(script);
                writer.Write7BitEncodedInt(count);
            }

            writer.Write(content.UnexpectedScriptShare);
            writer.Write((byte)(content.JsonValid is null ? 2 : content.JsonValid.Value ? 1 : 0));
            writer.Write(content.Refusal);
            writer.Write(content.OutputHash);
        }

        writer.Write(telemetryEvent.Cost);
        writer.Write7BitEncodedInt(telemetryEvent.QualityPassed);
        writer.Write7BitEncodedInt(telemetryEvent.QualityTotal);
    }

    private static TelemetryEvent ReadEvent(BinaryReader reader)
    {
        var series = ReadSeriesKey(reader);
        var start = new DateTimeOffset(reader.ReadInt64(), TimeSpan.Zero);
        var duration = TimeSpan.FromTicks(reader.ReadInt64());
        var ttft = ReadNullableInt64(reader) is { } ttftTicks ? TimeSpan.FromTicks(ttftTicks) : (TimeSpan?)null;
        var provider = reader.ReadString();
        var requestModel = reader.ReadString();
        var responseModel = ReadNullableString(reader);
        var operation = reader.ReadString();
        var inputTokens = ReadNullableInt64(reader);
        var outputTokens = ReadNullableInt64(reader);
        var finishReason = ReadNullableString(reader);
        var errorType = ReadNullableString(reader);
        var labels = ReadLabels(reader);
        ContentFeatures? content = null;
        if (reader.ReadBoolean())
        {
            var length = reader.Read7BitEncodedInt();
            var scripts = reader.Read7BitEncodedInt();
            var scriptCounts = new Dictionary<string, int>(scripts, StringComparer.Ordinal);
            for (var i = 0; i < scripts; i++)
            {
                var script = reader.ReadString();
                scriptCounts[script] = reader.Read7BitEncodedInt();
            }

            var share = reader.ReadDouble();
            var json = reader.ReadByte();
            var refusal = reader.ReadBoolean();
            var hash = reader.ReadString();
            content = new ContentFeatures(length, scriptCounts, share, json == 2 ? null : json == 1, refusal, hash);
        }

        var cost = reader.ReadDecimal();
        var passed = reader.Read7BitEncodedInt();
        var total = reader.Read7BitEncodedInt();
        var call = new LlmCall(start, duration, ttft, provider, requestModel, responseModel, operation, inputTokens, outputTokens, finishReason, errorType, labels, content);
        return new TelemetryEvent(series, call, cost, passed, total);
    }

    private static void WriteEvent(CompactWriter writer, TelemetryEvent telemetryEvent)
    {
        var call = telemetryEvent.Call;
        WriteSeriesKey(writer, telemetryEvent.Series);
        writer.WriteInt64(call.StartTime.UtcTicks);
        writer.WriteSigned(call.Duration.Ticks);
        writer.WriteNullable(call.TimeToFirstToken?.Ticks);
        writer.WriteString(call.Provider);
        writer.WriteString(call.RequestModel);
        writer.WriteString(call.ResponseModel);
        writer.WriteString(call.Operation);
        writer.WriteNullable(call.InputTokens);
        writer.WriteNullable(call.OutputTokens);
        writer.WriteString(call.FinishReason);
        writer.WriteString(call.ErrorType);
        WriteLabels(writer, call.Labels);
        if (call.Content is { } content)
        {
            writer.WriteByte(1);
            writer.WriteVarint((ulong)content.OutputLength);
            writer.WriteVarint((ulong)content.ScriptCounts.Count);
            foreach (var (script, count) in content.ScriptCounts)
            {
                writer.WriteString(script);
                writer.WriteVarint((ulong)count);
            }

            writer.WriteDouble(content.UnexpectedScriptShare);
            writer.WriteByte((byte)(content.JsonValid is null ? 2 : content.JsonValid.Value ? 1 : 0));
            writer.WriteByte(content.Refusal ? (byte)1 : (byte)0);
            writer.WriteString(content.OutputHash);
        }
        else
        {
            writer.WriteByte(0);
        }

        Span<int> bits = stackalloc int[4];
        decimal.GetBits(telemetryEvent.Cost, bits);
        foreach (var part in bits)
        {
            writer.WriteVarint((uint)part);
        }

        writer.WriteVarint((ulong)telemetryEvent.QualityPassed);
        writer.WriteVarint((ulong)telemetryEvent.QualityTotal);
    }

    private static TelemetryEvent ReadEvent(CompactReader reader)
    {
        var series = ReadSeriesKey(reader);
        var start = new DateTimeOffset(reader.ReadInt64(), TimeSpan.Zero);
        var duration = TimeSpan.FromTicks(reader.ReadSigned());
        var ttft = reader.ReadNullable() is { } ttftTicks ? TimeSpan.FromTicks(ttftTicks) : (TimeSpan?)null;
        var provider = reader.ReadRequiredString();
        var requestModel = reader.ReadRequiredString();
        var responseModel = reader.ReadString();
        var operation = reader.ReadRequiredString();
        var inputTokens = reader.ReadNullable();
        var outputTokens = reader.ReadNullable();
        var finishReason = reader.ReadString();
        var errorType = reader.ReadString();
        var labels = ReadLabels(reader);
        ContentFeatures? content = null;
        if (reader.ReadByte() == 1)
        {
            var length = checked((int)reader.ReadVarint());
            var scripts = checked((int)reader.ReadVarint());
            var scriptCounts = new Dictionary<string, int>(scripts, StringComparer.Ordinal);
            for (var i = 0; i < scripts; i++)
            {
                var script = reader.ReadRequiredString();
                scriptCounts[script] = checked((int)reader.ReadVarint());
            }

            var share = reader.ReadDouble();
            var json = reader.ReadByte();
            var refusal = reader.ReadByte() == 1;
            var hash = reader.ReadRequiredString();
            content = new ContentFeatures(length, scriptCounts, share, json == 2 ? null : json == 1, refusal, hash);
        }

        Span<int> bits = stackalloc int[4];
        for (var i = 0; i < 4; i++)
        {
            bits[i] = (int)(uint)reader.ReadVarint();
        }

        var cost = new decimal(bits);
        var passed = checked((int)reader.ReadVarint());
        var total = checked((int)reader.ReadVarint());
        var call = new LlmCall(start, duration, ttft, provider, requestModel, responseModel, operation, inputTokens, outputTokens, finishReason, errorType, labels, content);
        return new TelemetryEvent(series, call, cost, passed, total);
    }

    private static void WriteSeriesKey(CompactWriter writer, SeriesKey key)
    {
        writer.WriteString(key.Provider);
        writer.WriteString(key.Model);
        writer.WriteString(key.Operation);
        WriteLabels(writer, key.Labels);
    }

    private static SeriesKey ReadSeriesKey(CompactReader reader) =>
        new(reader.ReadRequiredString(), reader.ReadRequiredString(), reader.ReadRequiredString(), ReadLabels(reader));

    private static void WriteLabels(CompactWriter writer, IReadOnlyDictionary<string, string> labels)
    {
        writer.WriteVarint((ulong)labels.Count);
        foreach (var (key, value) in labels)
        {
            writer.WriteString(key);
            writer.WriteString(value);
        }
    }

    private static SortedDictionary<string, string> ReadLabels(CompactReader reader)
    {
        var count = checked((int)reader.ReadVarint());
        var labels = new SortedDictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var key = reader.ReadRequiredString();
            labels[key] = reader.ReadRequiredString();
        }

        return labels;
    }

    private static void WriteLabels(BinaryWriter writer, IReadOnlyDictionary<string, string> labels)
    {
        writer.Write7BitEncodedInt(labels.Count);
        foreach (var (key, value) in labels)
        {
            writer.Write(key);
            writer.Write(value);
        }
    }

    private static SortedDictionary<string, string> ReadLabels(BinaryReader reader)
    {
        var count = reader.Read7BitEncodedInt();
        var labels = new SortedDictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var key = reader.ReadString();
            labels[key] = reader.ReadString();
        }

        return labels;
    }

    private static void WriteNullable(BinaryWriter writer, string? value)
    {
        writer.Write(value is not null);
        if (value is not null)
        {
            writer.Write(value);
        }
    }

    private static void WriteNullable(BinaryWriter writer, long? value)
    {
        writer.Write(value.HasValue);
        if (value is { } v)
        {
            writer.Write(v);
        }
    }

    private static string? ReadNullableString(BinaryReader reader) => reader.ReadBoolean() ? reader.ReadString() : null;

    private static long? ReadNullableInt64(BinaryReader reader) => reader.ReadBoolean() ? reader.ReadInt64() : null;
}
