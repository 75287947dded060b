namespace QualityWatch.Detection.Engine;

/// <summary>Per-series pass/fail state: warm-up baseline, CUSUM statistic, counts since the change started, per-category
/// counts for localisation. JSON-serialisable.</summary>
internal sealed class QualityState
{
    public long WarmupPassed { get; set; }

    public long WarmupTotal { get; set; }

    public double? BaselinePassRate { get; set; }

    public long NextCalibrationAt { get; set; }

    /// <summary>Healthy checks behind <see cref="BaselinePassRate"/> (its estimation error sets the threshold's allowance).</summary>
    public long BaselineChecks { get; set; }

    /// <summary>Healthy checks waiting to join the baseline (the newest <see cref="BaselineLag"/>).</summary>
    public PendingChecks Pending { get; set; } = new();

    /// <summary>How many checks a healthy check waits before joining the baseline; 0 until the first estimate.</summary>
    public long BaselineLag { get; set; }

    public long RecoveryPassed { get; set; }

    public long RecoveryTotal { get; set; }

    public double RecoveryStatistic { get; set; }

    public double Statistic { get; set; }

    public long ChecksSinceReset { get; set; }

    public DateTimeOffset? ChangeStart { get; set; }

    public long SincePassed { get; set; }

    public long SinceTotal { get; set; }

    public CountWindow RecentPassed { get; set; } = new(60);

    public CountWindow RecentTotal { get; set; } = new(60);

    public Dictionary<string, long[]> CategoryBaseline { get; set; } = new(StringComparer.Ordinal);

    public Dictionary<string, long[]> CategorySince { get; set; } = new(StringComparer.Ordinal);

    public Dictionary<string, int> RecoveryStreaks { get; set; } = new(StringComparer.Ordinal);

    public List<ExampleRecord> RecentFailures { get; set; } = [];
}
