using System.Collections.Concurrent;
using QualityWatch.Core.Telemetry;

namespace QualityWatch.Collector.GenAi;

/// <summary>
/// Caps the number of distinct series: once <c>limit</c> series exist, calls of any new one are counted in the
/// <c>other</c> series, so a client sending random model names cannot exhaust storage or Prometheus.
/// </summary>
internal sealed class SeriesCardinalityGuard(int limit)
{
    public static readonly SeriesKey Overflow = SeriesKey.Of("other", "other", "other");

    private readonly ConcurrentDictionary<string, byte> _known = new(StringComparer.Ordinal);
    private long _overflowed;

    public long Overflowed => Interlocked.Read(ref _overflowed);

    public SeriesKey Admit(SeriesKey key)
    {
        var canonical = key.Canonical;
        if (_known.ContainsKey(canonical))
        {
            return key;
        }

        lock (_known)
        {
            if (_known.Count < limit)
            {
                _known.TryAdd(canonical, 0);
                return key;
            }
        }

        Interlocked.Increment(ref _overflowed);
        return Overflow;
    }
}
