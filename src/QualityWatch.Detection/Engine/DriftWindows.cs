using QualityWatch.Detection.Seasonal;

namespace QualityWatch.Detection.Engine;

/// <summary>
/// Per-minute values of one drift signal (latency, time to first token, output tokens per call): the current window,
/// its bucket start times (for the change time estimate) and the baseline the evicted values move into. JSON-serialisable.
/// </summary>
internal sealed class DriftWindows
{
    public DriftWindows()
        : this(recentBuckets: 15, baselineBuckets: 240)
    {
    }

    public DriftWindows(int recentBuckets, int baselineBuckets)
        : this(new CountWindow(baselineBuckets), new CountWindow(baselineBuckets), new CountWindow(recentBuckets), new CountWindow(recentBuckets), new DayOverDayWindows(), new LevelDriftState())
    {
    }

    /// <summary>
    /// Windows that already exist, e.g. the latency ones the series state keeps as properties of its own. No defaults are
    /// built first: the engine wraps the latency windows every minute of every series.
    /// </summary>
    public DriftWindows(CountWindow baseline, CountWindow baselineStarts, CountWindow recent, CountWindow recentStarts, DayOverDayWindows dayOverDay, LevelDriftState levelDrift)
    {
        Baseline = baseline;
        BaselineStarts = baselineStarts;
        Recent = recent;
        RecentStarts = recentStarts;
        DayOverDay = dayOverDay;
        LevelDrift = levelDrift;
    }

    public CountWindow Baseline { get; set; }

    /// <summary>Bucket start (unix seconds) of each baseline value, so a sparse series compares minutes, not counts.</summary>
    public CountWindow BaselineStarts { get; set; }

    public CountWindow Recent { get; set; }

    public CountWindow RecentStarts { get; set; }

    public DayOverDayWindows DayOverDay { get; set; }

    /// <summary>The slow level-drift test's state (log-scaled values).</summary>
    public LevelDriftState LevelDrift { get; set; }
}
