namespace QualityWatch.Storage.Telemetry;

/// <summary>Which series the stored buckets hold: how a restarted collector (or a replica) learns the series already admitted.</summary>
public static class StoredSeries
{
    /// <summary>
    /// Canonical keys of series with bucket parts starting at or after <paramref name="since"/>, most recently active
    /// first, at most <paramref name="limit"/>, without <paramref name="excluded"/> (the overflow series).
    /// </summary>
    public static async Task<IReadOnlyList<string>> RecentAsync(IQualityWatchDatabase database, DateTimeOffset since, string excluded, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(excluded);
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var select = connection.CreateCommand();
        select.CommandText = "SELECT series, MAX(bucket_start) AS last_start FROM telemetry_bucket_parts WHERE bucket_start >= @since AND series <> @excluded GROUP BY series ORDER BY last_start DESC, series LIMIT @limit";
        select.AddParameter("@since", since.ToUnixTimeSeconds());
        select.AddParameter("@excluded", excluded);
        select.AddParameter("@limit", (long)Math.Max(0, limit));
        var series = new List<string>();
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            series.Add(reader.GetString(0));
        }

        return series;
    }
}
