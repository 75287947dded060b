namespace QualityWatch.Core.Telemetry;

/// <summary>Reads stored one-minute buckets; the collector's storage implements it, the detection engine reads it.</summary>
public interface ISeriesBucketSource
{
    /// <summary>Buckets whose start is in [<paramref name="from"/>, <paramref name="to"/>), ordered by series then time.</summary>
    Task<IReadOnlyList<SeriesBucket>> QueryBucketsAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);
}
