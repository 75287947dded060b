using System.Collections.Concurrent;

namespace QualityWatch.Simulator.Engine;

/// <summary>Remembers when each transport connection was first seen (virtual time), so an auth outage can refuse
/// new connections only. Bounded: when full it forgets everything, which only makes old connections look new.</summary>
internal sealed class ConnectionRegistry
{
    private const int Capacity = 100_000;
    private readonly ConcurrentDictionary<string, DateTimeOffset> _firstSeen = new(StringComparer.Ordinal);

    public DateTimeOffset FirstSeen(string connectionId, DateTimeOffset now)
    {
        if (_firstSeen.Count >= Capacity)
        {
            _firstSeen.Clear();
        }

        return _firstSeen.GetOrAdd(connectionId, now);
    }
}
