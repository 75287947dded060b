using QualityWatch.Core.Telemetry;

namespace QualityWatch.Storage.Telemetry;

/// <summary>
/// Calls aggregated by series and event-time minute, ready to be written as bucket parts. Built per request on the
/// caller's thread, merged by the writer after the commit, so the writer never keeps raw calls in memory.
/// </summary>
internal sealed class BucketParts
{
    private readonly Dictionary<(string Series, long Start), (SeriesKey Key, BucketAccumulator Accumulator)> _parts = [];

    public int Count => _parts.Count;

    public IEnumerable<(string Series, long Start, SeriesKey Key, BucketAccumulator Accumulator)> All =>
        _parts.Select(p => (p.Key.Series, p.Key.Start, p.Value.Key, p.Value.Accumulator));

    public static BucketParts Of(IEnumerable<TelemetryEvent> events)
    {
        var parts = new BucketParts();
        foreach (var telemetryEvent in events)
        {
            parts.Add(telemetryEvent);
        }

        return parts;
    }

    public void Add(TelemetryEvent telemetryEvent) =>
        GetOrAdd(telemetryEvent.Series, telemetryEvent.Series.Canonical, MinuteOf(telemetryEvent.Call.StartTime.ToUnixTimeSeconds())).Add(telemetryEvent);

    /// <summary>The minute (Unix seconds, a multiple of 60) that <paramref name="unixSeconds"/> falls in.</summary>
    public static long MinuteOf(long unixSeconds) => unixSeconds - (((unixSeconds % 60) + 60) % 60);

    /// <summary>The accumulator of one series-minute, created empty when missing.</summary>
    public BucketAccumulator GetOrAdd(SeriesKey key, string canonical, long minuteStart)
    {
        var slot = (canonical, minuteStart);
        if (!_parts.TryGetValue(slot, out var part))
        {
            part = (key, new BucketAccumulator());
            _parts[slot] = part;
        }

        return part.Accumulator;
    }

    /// <summary>
    /// Adds <paramref name="other"/> into these parts (merging by addition, as stored parts do). Takes over the
    /// accumulators of slots these parts lack: <paramref name="other"/> must not be used afterwards.
    /// </summary>
    public void Merge(BucketParts other)
    {
        foreach (var (slot, (key, accumulator)) in other._parts)
        {
            if (_parts.TryGetValue(slot, out var part))
            {
                part.Accumulator.Merge(accumulator);
            }
            else
            {
                _parts[slot] = (key, accumulator);
            }
        }
    }
}
