namespace QualityWatch.Detection.Seasonal;

/// <summary>
/// What <see cref="LevelDriftDetector"/> remembers about one series: its reference level, noise scale, daily profile
/// and CUSUM. A plain JSON-serialisable object, so the engine's state snapshot carries it; O(profile slots) memory.
/// </summary>
public sealed class LevelDriftState
{
    /// <summary>Rows seen (values, not minutes: a gap adds none).</summary>
    public long Rows { get; set; }

    /// <summary>Minute (unix minutes) of the last row; a row at or before it is ignored.</summary>
    public long LastMinute { get; set; } = long.MinValue;

    /// <summary>The first rows, kept until the level and scale can be estimated from them.</summary>
    public List<double> WarmUp { get; set; } = [];

    /// <summary>Minutes of the <see cref="WarmUp"/> rows (they also start the first day's profile).</summary>
    public List<long> WarmUpMinutes { get; set; } = [];

    /// <summary>Reference level (deseasonalised, in the detector's value space) the CUSUM measures against.</summary>
    public double Reference { get; set; }

    /// <summary>Level of the last quarter-hour or so: what the practical-size rule compares with the reference.</summary>
    public double Recent { get; set; }

    /// <summary>Robust noise standard deviation of one row.</summary>
    public double Scale { get; set; }

    /// <summary>The previous deseasonalised value (the scale is learned from successive differences).</summary>
    public double? Previous { get; set; }

    /// <summary>Upward CUSUM in standard-deviation units.</summary>
    public double Cusum { get; set; }

    /// <summary>Minute the CUSUM last left zero: the change-time estimate when it alarms.</summary>
    public long CusumStartMinute { get; set; }

    /// <summary>True from an alarm until the level is back near the reference for the recovery length.</summary>
    public bool InEpisode { get; set; }

    /// <summary>Consecutive recovered rows inside an episode.</summary>
    public int RecoveredRows { get; set; }

    /// <summary>Minute (unix minutes, day-aligned) the first-day profile accumulation started.</summary>
    public long? FirstDayStartMinute { get; set; }

    /// <summary>Sums of (value − reference) per slot of the first healthy day, until the profile is set.</summary>
    public double[]? DaySums { get; set; }

    /// <summary>Rows per slot behind <see cref="DaySums"/>.</summary>
    public int[]? DayCounts { get; set; }

    /// <summary>A shaped day waiting for the next day to confirm that it repeats; until then it may only silence.</summary>
    public double[]? CandidateProfile { get; set; }

    /// <summary>The CUSUM of the values with the candidate profile removed.</summary>
    public double CandidateCusum { get; set; }

    /// <summary>The recent level with the candidate profile removed.</summary>
    public double CandidateRecent { get; set; }

    /// <summary>The learned daily profile (offset per slot of the day); null until a full day has been seen.</summary>
    public double[]? Profile { get; set; }
}
