using System.Collections.Concurrent;
using QualityWatch.Core.Telemetry;

namespace QualityWatch.Collector.GenAi;

/// <summary>
/// Caps the number of distinct series: once <c>limit</c> series exist, calls of any new one are counted in the
/// <c>other</c> series, so a client sending random model names cannot exhaust storage or Prometheus. The series
/// already stored are admitted at start (<see cref="AdmitStored"/>), so a restart does not open the door to a new set.
/// </summary>
internal sealed class SeriesCardinalityGuard(int limit)
{
    public static readonly SeriesKey Overflow = SeriesKey.Of("other", "other", "other");

    private readonly ConcurrentDictionary<string, byte> _known = new(StringComparer.Ordinal);
    private long _overflowed;

    public long Overflowed => Interlocked.Read(ref _overflowed);

    /// <summary>Series admitted so far (by this process or learned from storage).</summary>
    public int Count => _known.Count;

    public SeriesKey Admit(SeriesKey key)
    {
        if (TryAdmit(key))
        {
            return key;
        }

        Interlocked.Increment(ref _overflowed);
        return Overflow;
    }

    /// <summary>
    /// Whether calls of <paramref name="key"/> keep their series (admitting it while there is room); unlike
    /// <see cref="Admit"/> it counts nothing, for a caller that counts overflowed calls itself.
    /// </summary>
    public bool TryAdmit(SeriesKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var canonical = key.Canonical;
        if (_known.ContainsKey(canonical))
        {
            return true;
        }

        lock (_known)
        {
            return _known.ContainsKey(canonical) || (_known.Count < limit && _known.TryAdd(canonical, 0));
        }
    }

    /// <summary>Counts calls sent to the overflow series by a caller that admitted their series once per request.</summary>
    public void CountOverflowed(long calls) => Interlocked.Add(ref _overflowed, calls);

    /// <summary>
    /// Admits series that storage already holds (canonical keys, most recently active first) while fewer than the
    /// limit are known; returns how many were new. Series admitted before are never taken back.
    /// </summary>
    public int AdmitStored(IEnumerable<string> canonicalKeys)
    {
        ArgumentNullException.ThrowIfNull(canonicalKeys);
        var added = 0;
        lock (_known)
        {
            foreach (var canonical in canonicalKeys)
            {
                if (_known.Count >= limit)
                {
                    break;
                }

                if (canonical != Overflow.Canonical && _known.TryAdd(canonical, 0))
                {
                    added++;
                }
            }
        }

        return added;
    }
}
