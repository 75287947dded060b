using QualityWatch.Core.Telemetry;

namespace QualityWatch.Storage.Telemetry;

/// <summary>
/// One request's calls already aggregated by series and event-time minute: what <see cref="TelemetryStore"/> commits
/// to its ingest log when the collector reads spans straight into figures instead of decoding each call.
/// </summary>
public sealed class CallBatch
{
    internal BucketParts Parts { get; } = new();

    /// <summary>A batch of decoded calls, aggregated as <see cref="TelemetryStore"/> does it.</summary>
    public static CallBatch Of(IEnumerable<TelemetryEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var batch = new CallBatch();
        foreach (var telemetryEvent in events)
        {
            batch.Parts.Add(telemetryEvent);
            batch.Calls++;
        }

        return batch;
    }

    /// <summary>
    /// Calls added so far, an aggregate of calls (<see cref="CallBatchSlot.AddCalls"/>) counting as one: the batch's
    /// weight in the store's commit queue.
    /// </summary>
    public int Calls { get; private set; }

    /// <summary>
    /// The series-minute starting at <paramref name="minuteStart"/> (see <see cref="MinuteOf"/>); keep the slot to
    /// add further calls of the same series and minute without another lookup.
    /// </summary>
    public CallBatchSlot Slot(SeriesKey series, string canonical, long minuteStart)
    {
        ArgumentNullException.ThrowIfNull(series);
        return new CallBatchSlot(this, Parts.GetOrAdd(series, canonical, minuteStart));
    }

    /// <summary>The minute (Unix seconds, a multiple of 60) a call starting at <paramref name="unixSeconds"/> counts in.</summary>
    public static long MinuteOf(long unixSeconds) => BucketParts.MinuteOf(unixSeconds);

    /// <summary>The batch's series-minutes as buckets, as a query would return them had only this batch been stored.</summary>
    public IReadOnlyList<SeriesBucket> Buckets() =>
        [.. Parts.All.OrderBy(p => p.Series, StringComparer.Ordinal).ThenBy(p => p.Start).Select(p => p.Accumulator.ToBucket(p.Key, DateTimeOffset.FromUnixTimeSeconds(p.Start)))];

    /// <summary>Whether anything was added, calls or figures measured apart from calls (tokens, outputs).</summary>
    public bool IsEmpty => Parts.Count == 0;

    internal void Counted() => Calls++;
}
