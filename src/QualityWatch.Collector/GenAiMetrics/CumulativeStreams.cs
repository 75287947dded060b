using System.Collections.Concurrent;

namespace QualityWatch.Collector.GenAiMetrics;

/// <summary>
/// The last point of each cumulative histogram stream, to turn cumulative points into deltas. A stream is one
/// resource, scope, metric and attribute set; a new start time is a reset (the producer restarted), after which the
/// point counts in full.
/// </summary>
/// <remarks>
/// The first point of a stream that started before this collector did is only a baseline: what it holds may have
/// been counted by an earlier run, and counting it again would double it. Its observations up to that point are lost
/// instead. State lives in this process: replicas behind a load balancer need delta temporality or sticky routing.
/// </remarks>
internal sealed class CumulativeStreams(TimeProvider time)
{
    /// <summary>Streams remembered at most; points of further new streams are refused.</summary>
    public const int MaxStreams = 100_000;

    private readonly ConcurrentDictionary<string, HistogramSnapshot> _last = new(StringComparer.Ordinal);
    private readonly ulong _startedUnixNano = (ulong)(time.GetUtcNow().ToUnixTimeMilliseconds() * 1_000_000);

    /// <summary>
    /// The observations <paramref name="current"/> adds to its stream, or null when no more streams can be tracked.
    /// The previous point is recorded in <paramref name="undo"/> so that a failed commit can put it back.
    /// </summary>
    public HistogramDelta? Advance(string stream, HistogramSnapshot current, List<(string Stream, HistogramSnapshot? Previous)> undo)
    {
        var seen = _last.TryGetValue(stream, out var previous);
        if (!seen && _last.Count >= MaxStreams)
        {
            return null;
        }

        HistogramDelta delta;
        if (!seen)
        {
            delta = current.StartTimeUnixNano != 0 && current.StartTimeUnixNano < _startedUnixNano ? HistogramDelta.Empty : current.Since(null);
        }
        else if (previous!.StartTimeUnixNano != current.StartTimeUnixNano || current.Count < previous.Count)
        {
            delta = current.Since(null);
        }
        else
        {
            delta = current.Since(previous);
        }

        undo.Add((stream, previous));
        _last[stream] = current;
        return delta;
    }

    /// <summary>Puts back the points replaced by <see cref="Advance"/> (the commit that would have counted them failed).</summary>
    public void Undo(List<(string Stream, HistogramSnapshot? Previous)> undo)
    {
        for (var i = undo.Count - 1; i >= 0; i--)
        {
            var (stream, previous) = undo[i];
            if (previous is null)
            {
                _last.TryRemove(stream, out _);
            }
            else
            {
                _last[stream] = previous;
            }
        }
    }
}
