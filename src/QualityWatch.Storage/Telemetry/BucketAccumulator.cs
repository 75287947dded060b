using System.Runtime.InteropServices;
using QualityWatch.Core.Telemetry;

namespace QualityWatch.Storage.Telemetry;

/// <summary>
/// The mergeable state of one series-minute. Parts written by different flushes (or different replicas) merge by
/// adding, so the order in which they are combined never changes the result.
/// </summary>
internal sealed class BucketAccumulator
{
    // Version 2 adds the slowest call; parts written as version 1 are still read (without it).
    private const int FormatVersion = 2;

    public long Count { get; private set; }

    public long Errors { get; private set; }

    public Dictionary<string, long> ErrorsByType { get; } = new(StringComparer.Ordinal);

    public LogHistogram Latency { get; private set; } = new();

    public LogHistogram TimeToFirstToken { get; private set; } = new();

    public long InputTokens { get; private set; }

    public long OutputTokens { get; private set; }

    public decimal Cost { get; private set; }

    public Dictionary<string, long> FinishReasons { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, long> ScriptCharacters { get; } = new(StringComparer.Ordinal);

    public long OutputsWithUnexpectedScript { get; private set; }

    public long OutputsAnalysed { get; private set; }

    public long OutputLengthSum { get; private set; }

    public long QualityPassed { get; private set; }

    public long QualityTotal { get; private set; }

    /// <summary>Duration of the slowest call with a trace reference (-1 when none).</summary>
    public double SlowestSeconds { get; private set; } = -1;

    /// <summary>The slowest call's trace and span id.</summary>
    public CallReference SlowestCall { get; private set; }

    public void Add(TelemetryEvent telemetryEvent) => Add(CallFigures.Of(telemetryEvent));

    /// <summary>Counts one call's figures.</summary>
    public void Add(in CallFigures figures)
    {
        Count++;
        if (figures.ErrorType is { } errorType)
        {
            Errors++;
            Increment(ErrorsByType, errorType, 1);
        }

        Latency.Add(Math.Max(0, figures.DurationSeconds));
        if (figures.Reference is { } reference)
        {
            RememberIfSlowest(figures.DurationSeconds, reference);
        }

        if (figures.TimeToFirstTokenSeconds is { } ttft)
        {
            TimeToFirstToken.Add(Math.Max(0, ttft));
        }

        InputTokens += Math.Max(0, figures.InputTokens ?? 0);
        OutputTokens += Math.Max(0, figures.OutputTokens ?? 0);

        // Decimal addition is not free, and most calls carry no cost.
        if (figures.Cost != 0)
        {
            Cost += figures.Cost;
        }

        if (figures.FinishReason is { } finishReason)
        {
            Increment(FinishReasons, finishReason, 1);
        }

        if (figures.Output is { } output)
        {
            AddOutput(output);
        }

        QualityPassed += figures.QualityPassed;
        QualityTotal += figures.QualityTotal;
    }

    /// <summary>
    /// Counts <paramref name="count"/> calls known only in aggregate (an OTLP metrics histogram bucket), all with the
    /// bucket's representative duration.
    /// </summary>
    public void AddCalls(long count, double durationSeconds, string? errorType)
    {
        if (count <= 0)
        {
            return;
        }

        Count += count;
        if (errorType is not null)
        {
            Errors += count;
            Increment(ErrorsByType, errorType, count);
        }

        Latency.Add(Math.Max(0, durationSeconds), count);
    }

    /// <summary>Adds times to first token measured apart from the calls they belong to.</summary>
    public void AddTimeToFirstToken(long count, double seconds) => TimeToFirstToken.Add(Math.Max(0, seconds), count);

    /// <summary>Adds tokens measured apart from the calls they belong to.</summary>
    public void AddTokens(long input, long output)
    {
        InputTokens += Math.Max(0, input);
        OutputTokens += Math.Max(0, output);
    }

    /// <summary>Adds an output's figures read apart from its call (an OTLP log event).</summary>
    public void AddOutput(in OutputFigures output)
    {
        OutputsAnalysed++;
        OutputLengthSum += output.Length;
        if (output.UnexpectedScriptShare > 0)
        {
            OutputsWithUnexpectedScript++;
        }

        foreach (var (script, characters) in output.ScriptCounts)
        {
            Increment(ScriptCharacters, script, characters);
        }
    }

    public void Merge(BucketAccumulator other)
    {
        Count += other.Count;
        Errors += other.Errors;
        MergeInto(ErrorsByType, other.ErrorsByType);
        Latency.Merge(other.Latency);
        TimeToFirstToken.Merge(other.TimeToFirstToken);
        InputTokens += other.InputTokens;
        OutputTokens += other.OutputTokens;
        Cost += other.Cost;
        MergeInto(FinishReasons, other.FinishReasons);
        MergeInto(ScriptCharacters, other.ScriptCharacters);
        OutputsWithUnexpectedScript += other.OutputsWithUnexpectedScript;
        OutputsAnalysed += other.OutputsAnalysed;
        OutputLengthSum += other.OutputLengthSum;
        QualityPassed += other.QualityPassed;
        QualityTotal += other.QualityTotal;
        if (other.SlowestSeconds >= 0)
        {
            RememberIfSlowest(other.SlowestSeconds, other.SlowestCall);
        }
    }

    public SeriesBucket ToBucket(SeriesKey key, DateTimeOffset start) => new(
        key,
        start,
        Count,
        Errors,
        new Dictionary<string, long>(ErrorsByType, StringComparer.Ordinal),
        Latency.Quantile(0.5),
        Latency.Quantile(0.95),
        TimeToFirstToken.Quantile(0.5),
        InputTokens,
        OutputTokens,
        Cost,
        new Dictionary<string, long>(FinishReasons, StringComparer.Ordinal),
        new Dictionary<string, long>(ScriptCharacters, StringComparer.Ordinal),
        OutputsWithUnexpectedScript,
        OutputsAnalysed,
        OutputsAnalysed == 0 ? null : (double)OutputLengthSum / OutputsAnalysed,
        QualityPassed,
        QualityTotal,
        SlowestSeconds >= 0 ? new SlowestCall(SlowestSeconds, SlowestCall) : null);

    public byte[] Serialize(SeriesKey key)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream))
        {
            writer.Write7BitEncodedInt(FormatVersion);
            TelemetryCodec.WriteSeriesKey(writer, key);
            writer.Write7BitEncodedInt64(Count);
            writer.Write7BitEncodedInt64(Errors);
            WriteCounts(writer, ErrorsByType);
            Latency.Write(writer);
            TimeToFirstToken.Write(writer);
            writer.Write7BitEncodedInt64(InputTokens);
            writer.Write7BitEncodedInt64(OutputTokens);
            writer.Write(Cost);
            WriteCounts(writer, FinishReasons);
            WriteCounts(writer, ScriptCharacters);
            writer.Write7BitEncodedInt64(OutputsWithUnexpectedScript);
            writer.Write7BitEncodedInt64(OutputsAnalysed);
            writer.Write7BitEncodedInt64(OutputLengthSum);
            writer.Write7BitEncodedInt64(QualityPassed);
            writer.Write7BitEncodedInt64(QualityTotal);
            writer.Write(SlowestSeconds);
            writer.Write((ulong)(SlowestCall.TraceId >> 64));
            writer.Write((ulong)SlowestCall.TraceId);
            writer.Write(SlowestCall.SpanId);
        }

        return stream.ToArray();
    }

    public static (SeriesKey Key, BucketAccumulator Accumulator) Deserialize(byte[] data)
    {
        using var reader = new BinaryReader(new MemoryStream(data));
        var version = reader.Read7BitEncodedInt();
        if (version is not (1 or FormatVersion))
        {
            throw new InvalidDataException($"bucket part format {version} is not known to this version");
        }

        var key = TelemetryCodec.ReadSeriesKey(reader);
        var accumulator = new BucketAccumulator
        {
            Count = reader.Read7BitEncodedInt64(),
            Errors = reader.Read7BitEncodedInt64(),
        };
        ReadCounts(reader, accumulator.ErrorsByType);
        accumulator.Latency = LogHistogram.Read(reader);
        accumulator.TimeToFirstToken = LogHistogram.Read(reader);
        accumulator.InputTokens = reader.Read7BitEncodedInt64();
        accumulator.OutputTokens = reader.Read7BitEncodedInt64();
        accumulator.Cost = reader.ReadDecimal();
        ReadCounts(reader, accumulator.FinishReasons);
        ReadCounts(reader, accumulator.ScriptCharacters);
        accumulator.OutputsWithUnexpectedScript = reader.Read7BitEncodedInt64();
        accumulator.OutputsAnalysed = reader.Read7BitEncodedInt64();
        accumulator.OutputLengthSum = reader.Read7BitEncodedInt64();
        accumulator.QualityPassed = reader.Read7BitEncodedInt64();
        accumulator.QualityTotal = reader.Read7BitEncodedInt64();
        if (version >= 2)
        {
            accumulator.SlowestSeconds = reader.ReadDouble();
            var high = reader.ReadUInt64();
            var low = reader.ReadUInt64();
            accumulator.SlowestCall = new CallReference(new UInt128(high, low), reader.ReadUInt64());
        }

        return (key, accumulator);
    }

    /// <summary>The accumulator in the ingest log's compact form (strings through the payload's table).</summary>
    public void WriteCompact(CompactWriter writer)
    {
        writer.WriteVarint((ulong)Count);
        writer.WriteVarint((ulong)Errors);
        WriteCounts(writer, ErrorsByType);
        Latency.WriteCompact(writer);
        TimeToFirstToken.WriteCompact(writer);
        writer.WriteSigned(InputTokens);
        writer.WriteSigned(OutputTokens);
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(Cost, bits);
        foreach (var part in bits)
        {
            writer.WriteVarint((uint)part);
        }

        WriteCounts(writer, FinishReasons);
        WriteCounts(writer, ScriptCharacters);
        writer.WriteVarint((ulong)OutputsWithUnexpectedScript);
        writer.WriteVarint((ulong)OutputsAnalysed);
        writer.WriteSigned(OutputLengthSum);
        writer.WriteSigned(QualityPassed);
        writer.WriteSigned(QualityTotal);
        // Ingest log format 4: the slowest call, present or not.
        if (SlowestSeconds < 0)
        {
            writer.WriteVarint(0);
            return;
        }

        writer.WriteVarint(1);
        writer.WriteVarint((ulong)BitConverter.DoubleToInt64Bits(SlowestSeconds));
        writer.WriteVarint((ulong)(SlowestCall.TraceId >> 64));
        writer.WriteVarint((ulong)SlowestCall.TraceId);
        writer.WriteVarint(SlowestCall.SpanId);
    }

    /// <summary>Reads <see cref="WriteCompact"/>'s form; <paramref name="format"/> 3 (before the slowest call) or 4.</summary>
    public static BucketAccumulator ReadCompact(CompactReader reader, int format)
    {
        var accumulator = new BucketAccumulator
        {
            Count = (long)reader.ReadVarint(),
            Errors = (long)reader.ReadVarint(),
        };
        ReadCounts(reader, accumulator.ErrorsByType);
        accumulator.Latency = LogHistogram.ReadCompact(reader);
        accumulator.TimeToFirstToken = LogHistogram.ReadCompact(reader);
        accumulator.InputTokens = reader.ReadSigned();
        accumulator.OutputTokens = reader.ReadSigned();
        Span<int> bits = stackalloc int[4];
        for (var i = 0; i < 4; i++)
        {
            bits[i] = (int)(uint)reader.ReadVarint();
        }

        accumulator.Cost = new decimal(bits);
        ReadCounts(reader, accumulator.FinishReasons);
        ReadCounts(reader, accumulator.ScriptCharacters);
        accumulator.OutputsWithUnexpectedScript = (long)reader.ReadVarint();
        accumulator.OutputsAnalysed = (long)reader.ReadVarint();
        accumulator.OutputLengthSum = reader.ReadSigned();
        accumulator.QualityPassed = reader.ReadSigned();
        accumulator.QualityTotal = reader.ReadSigned();
        if (format >= 4 && reader.ReadVarint() == 1)
        {
            accumulator.SlowestSeconds = BitConverter.Int64BitsToDouble((long)reader.ReadVarint());
            var high = reader.ReadVarint();
            var low = reader.ReadVarint();
            accumulator.SlowestCall = new CallReference(new UInt128(high, low), reader.ReadVarint());
        }

        return accumulator;
    }

    private void RememberIfSlowest(double seconds, CallReference reference)
    {
        // Ties keep the smaller reference, so the merge order of parts never changes which call is shown.
        if (seconds > SlowestSeconds || (seconds == SlowestSeconds && Compare(reference, SlowestCall) < 0))
        {
            SlowestSeconds = seconds;
            SlowestCall = reference;
        }
    }

    private static int Compare(CallReference a, CallReference b) =>
        a.TraceId != b.TraceId ? a.TraceId.CompareTo(b.TraceId) : a.SpanId.CompareTo(b.SpanId);

    private static void WriteCounts(CompactWriter writer, Dictionary<string, long> counts)
    {
        writer.WriteVarint((ulong)counts.Count);
        foreach (var (key, count) in counts)
        {
            writer.WriteString(key);
            writer.WriteSigned(count);
        }
    }

    private static void ReadCounts(CompactReader reader, Dictionary<string, long> counts)
    {
        for (var entries = reader.ReadVarint(); entries > 0; entries--)
        {
            var key = reader.ReadRequiredString();
            counts[key] = counts.GetValueOrDefault(key) + reader.ReadSigned();
        }
    }

    private static void Increment(Dictionary<string, long> counts, string key, long by) =>
        CollectionsMarshal.GetValueRefOrAddDefault(counts, key, out _) += by;

    private static void MergeInto(Dictionary<string, long> target, Dictionary<string, long> source)
    {
        foreach (var (key, count) in source)
        {
            Increment(target, key, count);
        }
    }

    private static void WriteCounts(BinaryWriter writer, Dictionary<string, long> counts)
    {
        writer.Write7BitEncodedInt(counts.Count);
        foreach (var (key, count) in counts)
        {
            writer.Write(key);
            writer.Write7BitEncodedInt64(count);
        }
    }

    private static void ReadCounts(BinaryReader reader, Dictionary<string, long> counts)
    {
        var entries = reader.Read7BitEncodedInt();
        for (var i = 0; i < entries; i++)
        {
            var key = reader.ReadString();
            counts[key] = reader.Read7BitEncodedInt64();
        }
    }
}
