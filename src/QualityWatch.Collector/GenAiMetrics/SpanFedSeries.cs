using System.Collections.Concurrent;
using QualityWatch.Collector.GenAi;
using QualityWatch.Core.Telemetry;

namespace QualityWatch.Collector.GenAiMetrics;

/// <summary>
/// The series that spans fed recently. GenAI metrics and log events describe calls that spans may already have
/// counted; they only fill series that no span fed in the last <see cref="Window"/> (in this process), so an
/// application exporting both is counted once, from its spans, which carry more (finish reasons, output features).
/// </summary>
internal sealed class SpanFedSeries(TimeProvider time)
{
    /// <summary>How long after its last span a series still ignores metrics and log events.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(10);

    private readonly ConcurrentDictionary<string, long> _lastSpanTicks = new(StringComparer.Ordinal);

    /// <summary>Notes that spans of these series were committed now.</summary>
    public void Saw(IEnumerable<SeriesKey> series)
    {
        var now = time.GetUtcNow().UtcTicks;
        foreach (var key in series)
        {
            _lastSpanTicks[key.Canonical] = now;
        }
    }

    /// <summary>Whether spans fed <paramref name="series"/> within the last <see cref="Window"/>.</summary>
    public bool IsFed(SeriesKey series) =>
        series != SeriesCardinalityGuard.Overflow
        && _lastSpanTicks.TryGetValue(series.Canonical, out var ticks)
        && time.GetUtcNow().UtcTicks - ticks < Window.Ticks;
}
