using QualityWatch.Core.Findings;

namespace QualityWatch.Detection.Engine;

/// <summary>
/// A per-minute value the engine compares between its current and baseline windows (Mann–Whitney U, BH-controlled,
/// plus a practical ratio rule). Each signal has its own episode (<see cref="EpisodeKey"/> in the series' open set), so a
/// time-to-first-token drift is reported even while the total latency is within bounds, and vice versa.
/// </summary>
/// <param name="EpisodeKey">Key of the open episode in the series state.</param>
/// <param name="Kind">Finding kind raised.</param>
/// <param name="Detector">Detector name in findings and <c>qualitywatch_anomaly_score</c>.</param>
/// <param name="Unit">Unit of the baseline/current values in the finding.</param>
/// <param name="Falling">True when a drop is the failure (output length collapsing), false when a rise is (latency).</param>
/// <param name="Name">What the signal is, in finding summaries.</param>
/// <param name="DayOverDayComparison">True for the day-over-day variant (<see cref="DayOverDayWindows"/>).</param>
/// <param name="LevelDrift">True for the slow level-drift variant (<see cref="Seasonal.LevelDriftDetector"/>).</param>
internal sealed record DriftSignal(string EpisodeKey, string Kind, string Detector, string Unit, bool Falling, string Name, bool DayOverDayComparison = false, bool LevelDrift = false)
{
    public const string DayOverDaySuffix = ":day-over-day";

    public const string LevelSuffix = ":level";

    /// <summary>The episode keys of the signal's three comparisons (rolling, day over day, level drift).</summary>
    public IEnumerable<string> ComparisonEpisodeKeys
    {
        get
        {
            string rolling = LevelDrift ? EpisodeKey[..^LevelSuffix.Length] : DayOverDayComparison ? EpisodeKey[..^DayOverDaySuffix.Length] : EpisodeKey;
            return [rolling, rolling + DayOverDaySuffix, rolling + LevelSuffix];
        }
    }

    /// <summary>The slow level-drift test of the same signal: its own episode and detector name.</summary>
    public DriftSignal Level => this with
    {
        EpisodeKey = EpisodeKey + LevelSuffix,
        Detector = Detector.Replace("mann-whitney", "level-drift", StringComparison.Ordinal),
        LevelDrift = true,
    };

    /// <summary>The day-over-day comparison of the same signal: its own episode and detector name.</summary>
    public DriftSignal DayOverDay => this with
    {
        EpisodeKey = EpisodeKey + DayOverDaySuffix,
        Detector = Detector.Replace("mann-whitney", "day-over-day", StringComparison.Ordinal),
        DayOverDayComparison = true,
    };

    /// <summary>Median request duration per minute.</summary>
    public static readonly DriftSignal Latency = new(FindingKinds.LatencyDrift, FindingKinds.LatencyDrift, "latency-mann-whitney", "seconds", Falling: false, "median latency");

    /// <summary>Median time to the first streamed chunk per minute.</summary>
    public static readonly DriftSignal TimeToFirstToken = new("latency-drift:ttft", FindingKinds.LatencyDrift, "ttft-mann-whitney", "seconds", Falling: false, "median time to first token");

    /// <summary>Output tokens per successful call per minute; a collapse means answers are cut short.</summary>
    public static readonly DriftSignal OutputLength = new("truncation:output-length", FindingKinds.Truncation, "output-length-mann-whitney", "output-tokens-per-call", Falling: true, "output tokens per call");
}
