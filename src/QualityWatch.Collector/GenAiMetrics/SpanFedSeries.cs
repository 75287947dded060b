using System.Collections.Concurrent;
using QualityWatch.Collector.GenAi;
using QualityWatch.Core.Telemetry;

namespace QualityWatch.Collector.GenAiMetrics;

/// <summary>
/// The series that spans fed recently. GenAI metrics describe calls that spans may already have counted; they only
/// fill series that no span fed in the last <see cref="Window"/> (in this process), so an application exporting both
/// is counted once, from its spans, which carry more (finish reasons, output features). Output events are left out
/// only where the spans carried output text themselves (<see cref="HasOutputs"/>): spans without content (sensitive
/// data off) and events with it complement each other.
/// </summary>
internal sealed class SpanFedSeries(TimeProvider time)
{
    /// <summary>How long after its last span a series still ignores metrics and log events.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(10);

    private readonly ConcurrentDictionary<string, long> _lastSpanTicks = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _lastOutputTicks = new(StringComparer.Ordinal);

    /// <summary>Notes that spans of these series were committed now, and which of them carried output text.</summary>
    public void Saw(IEnumerable<(SeriesKey Series, bool WithOutputs)> series)
    {
        var now = time.GetUtcNow().UtcTicks;
        foreach (var (key, withOutputs) in series)
        {
            _lastSpanTicks[key.Canonical] = now;
            if (withOutputs)
            {
                _lastOutputTicks[key.Canonical] = now;
            }
        }
    }

    /// <summary>Whether spans of <paramref name="series"/> carried output text within the last <see cref="Window"/>.</summary>
    public bool HasOutputs(SeriesKey series) => Recent(_lastOutputTicks, series);

    /// <summary>Whether spans fed <paramref name="series"/> within the last <see cref="Window"/>.</summary>
    public bool IsFed(SeriesKey series) => Recent(_lastSpanTicks, series);

    private bool Recent(ConcurrentDictionary<string, long> lastTicks, SeriesKey series) =>
        series != SeriesCardinalityGuard.Overflow
        && lastTicks.TryGetValue(series.Canonical, out var ticks)
        && time.GetUtcNow().UtcTicks - ticks < Window.Ticks;
}
