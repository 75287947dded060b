using System.Data.Common;
using QualityWatch.Core.Telemetry;

namespace QualityWatch.Storage.Telemetry;

/// <summary>
/// Reads and writes <c>telemetry_bucket_parts</c>: each row one part of a series-minute bucket. A bucket may have
/// several parts until compaction merges them; readers merge them on the way out.
/// </summary>
internal static class BucketPartsTable
{
    public static async Task InsertAsync(DbConnection connection, DbTransaction transaction, IEnumerable<(string Series, long Start, SeriesKey Key, BucketAccumulator Accumulator)> parts, CancellationToken cancellationToken)
    {
        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT INTO telemetry_bucket_parts (series, bucket_start, data) VALUES (@series, @start, @data)";
        var series = insert.AddParameter("@series", string.Empty);
        var start = insert.AddParameter("@start", 0L);
        var data = insert.AddParameter("@data", Array.Empty<byte>());
        foreach (var part in parts)
        {
            series.Value = part.Series;
            start.Value = part.Start;
            data.Value = part.Accumulator.Serialize(part.Key);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>The buckets starting in [<paramref name="from"/>, <paramref name="to"/>), their parts merged, ordered by series and start.</summary>
    public static async Task<IReadOnlyList<SeriesBucket>> QueryAsync(IQualityWatchDatabase database, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT series, bucket_start, data FROM telemetry_bucket_parts WHERE bucket_start >= @from AND bucket_start < @to ORDER BY series, bucket_start";
        command.AddParameter("@from", from.ToUnixTimeSeconds());
        command.AddParameter("@to", to.ToUnixTimeSeconds());
        var buckets = new List<SeriesBucket>();
        string? currentSeries = null;
        long currentStart = 0;
        SeriesKey? currentKey = null;
        BucketAccumulator? current = null;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var series = reader.GetString(0);
                var start = reader.GetInt64(1);
                var (key, part) = BucketAccumulator.Deserialize((byte[])reader.GetValue(2));
                if (current is not null && series == currentSeries && start == currentStart)
                {
                    current.Merge(part);
                    continue;
                }

                if (current is not null)
                {
                    buckets.Add(current.ToBucket(currentKey!, DateTimeOffset.FromUnixTimeSeconds(currentStart)));
                }

                (currentSeries, currentStart, currentKey, current) = (series, start, key, part);
            }
        }

        if (current is not null)
        {
            buckets.Add(current.ToBucket(currentKey!, DateTimeOffset.FromUnixTimeSeconds(currentStart)));
        }

        return buckets;
    }

    /// <summary>Latency histograms of the bucket parts starting in [<paramref name="from"/>, <paramref name="to"/>), merged per group.</summary>
    public static async Task<IReadOnlyDictionary<string, LatencyQuantiles>> MergeLatencyAsync(IQualityWatchDatabase database, DateTimeOffset from, DateTimeOffset to, Func<SeriesKey, string?> group, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT data FROM telemetry_bucket_parts WHERE bucket_start >= @from AND bucket_start < @to";
        command.AddParameter("@from", from.ToUnixTimeSeconds());
        command.AddParameter("@to", to.ToUnixTimeSeconds());
        var merged = new Dictionary<string, LogHistogram>(StringComparer.Ordinal);
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var (key, part) = BucketAccumulator.Deserialize((byte[])reader.GetValue(0));
                if (group(key) is not { } name)
                {
                    continue;
                }

                if (!merged.TryGetValue(name, out var histogram))
                {
                    histogram = new LogHistogram();
                    merged[name] = histogram;
                }

                histogram.Merge(part.Latency);
            }
        }

        return merged.ToDictionary(m => m.Key, m => new LatencyQuantiles(m.Value.Count, m.Value.Quantile(0.5), m.Value.Quantile(0.95)), StringComparer.Ordinal);
    }
}
