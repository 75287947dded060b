using QualityWatch.Core.Telemetry;

namespace QualityWatch.Storage.Telemetry;

/// <summary>
/// The mergeable state of one series-minute. Parts written by different flushes (or different replicas) merge by
/// adding, so the order in which they are combined never changes the result.
/// </summary>
internal sealed class BucketAccumulator
{
    private const int FormatVersion = 1;

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

    public void Add(TelemetryEvent telemetryEvent)
    {
        var call = telemetryEvent.Call;
        Count++;
        if (call.ErrorType is { } errorType)
        {
            Errors++;
            Increment(ErrorsByType, errorType, 1);
        }

        Latency.Add(Math.Max(0, call.Duration.TotalSeconds));
        if (call.TimeToFirstToken is { } ttft)
        {
            TimeToFirstToken.Add(Math.Max(0, ttft.TotalSeconds));
        }

        InputTokens += Math.Max(0, call.InputTokens ?? 0);
        OutputTokens += Math.Max(0, call.OutputTokens ?? 0);
        Cost += telemetryEvent.Cost;
        if (call.FinishReason is { } finishReason)
        {
            Increment(FinishReasons, finishReason, 1);
        }

        if (call.Content is { } content)
        {
            OutputsAnalysed++;
            OutputLengthSum += content.OutputLength;
            if (content.UnexpectedScriptShare > 0)
            {
                OutputsWithUnexpectedScript++;
            }

            foreach (var (script, characters) in content.ScriptCounts)
            {
                Increment(ScriptCharacters, script, characters);
            }
        }

        QualityPassed += telemetryEvent.QualityPassed;
        QualityTotal += telemetryEvent.QualityTotal;
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
        QualityTotal);

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
        }

        return stream.ToArray();
    }

    public static (SeriesKey Key, BucketAccumulator Accumulator) Deserialize(byte[] data)
    {
        using var reader = new BinaryReader(new MemoryStream(data));
        var version = reader.Read7BitEncodedInt();
        if (version != FormatVersion)
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
        return (key, accumulator);
    }

    private static void Increment(Dictionary<string, long> counts, string key, long by) =>
        counts[key] = counts.GetValueOrDefault(key) + by;

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
