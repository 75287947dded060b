using QualityWatch.Core.Telemetry;

namespace QualityWatch.Storage.Telemetry;

/// <summary>
/// The compact binary form of ingest-log payloads, never any content text: format 4, a request's calls already
/// aggregated into series-minute parts, which is all the fold needs (format 3, the same without each part's slowest
/// call, is still read: a log written before an upgrade folds after it). Also the series-key form inside bucket parts.
/// </summary>
internal static class TelemetryCodec
{
    // Formats 1 and 2 never shipped; a payload in either is as unknown as any other.
    private const int PartsFormatVersion = 4;
    private const int OldestReadableFormat = 3;

    /// <summary>Format 4: the parts, each as its series key, minute and accumulator (with its slowest call).</summary>
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

    /// <summary>The parts a payload adds to the buckets.</summary>
    /// <exception cref="InvalidDataException">The payload is truncated or not format 3 or 4.</exception>
    public static BucketParts DecodeParts(byte[] payload)
    {
        var version = CompactReader.ReadVersion(payload, out var position);
        if (version is < OldestReadableFormat or > PartsFormatVersion)
        {
            throw new InvalidDataException($"ingest log format {version} is not known to this version");
        }

        var reader = new CompactReader(payload, position);
        var parts = new BucketParts();
        for (var count = reader.ReadVarint(); count > 0; count--)
        {
            var key = ReadSeriesKey(reader);
            var start = reader.ReadSigned();
            parts.GetOrAdd(key, key.Canonical, start).Merge(BucketAccumulator.ReadCompact(reader, version));
        }

        return parts;
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
}
