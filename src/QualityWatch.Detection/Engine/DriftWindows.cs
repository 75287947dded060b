using QualityWatch.Detection.Seasonal;

namespace QualityWatch.Detection.Engine;

/// <summary>
/// Per-minute values of one drift signal (latency, time to first token, output tokens per call): the current window,
/// its bucket start times (for the change time estimate) and the baseline the evicted values move into. JSON-serialisable.
/// </summary>
internal sealed class DriftWindows
{
    public DriftWindows()
    {
    }

    public DriftWindows(int recentBuckets, int baselineBuckets)
    {
        Baseline = new CountWindow(baselineBuckets);
        BaselineStarts = new CountWindow(baselineBuckets);
        Recent = new CountWindow(recentBuckets);
        RecentStarts = new CountWindow(recentBuckets);
    }

    public CountWindow Baseline { get; set; } = new(240);

    /// <summary>Bucket start (unix seconds) of each baseline value, so a sparse series compares minutes, not counts.</summary>
    public CountWindow BaselineStarts { get; set; } = new(240);

    public CountWindow Recent { get; set; } = new(15);

    public CountWindow RecentStarts { get; set; } = new(15);

    public DayOverDayWindows DayOverDay { get; set; } = new();

    /// <summary>The slow level-drift test's state (log-scaled values).</summary>
    public LevelDriftState LevelDrift { get; set; } = new();
}
