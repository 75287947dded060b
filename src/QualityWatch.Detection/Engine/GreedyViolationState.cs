namespace QualityWatch.Detection.Engine;

/// <summary>Per provider × model greedy-violation CUSUM state over temperature-0 tokens (overall series only).
/// JSON-serialisable; a snapshot saved before it existed restores with an empty state.</summary>
internal sealed class GreedyViolationState
{
    /// <summary>Healthy tokens inspected (the warm-up, then every token the CUSUM cleared), and the violations among them.</summary>
    public long BaselineTokens { get; set; }

    public long BaselineViolations { get; set; }

    /// <summary>The estimated healthy violation rate r₀ the CUSUM is tuned for; null during the warm-up.</summary>
    public double? BaselineRate { get; set; }

    /// <summary>Healthy tokens behind <see cref="BaselineRate"/> (its estimation error sets the threshold's allowance).</summary>
    public long BaselineChecks { get; set; }

    public long NextCalibrationAt { get; set; }

    public double Statistic { get; set; }

    public long ChecksSinceReset { get; set; }

    /// <summary>When the statistic last left zero: the estimated start of the change.</summary>
    public DateTimeOffset? ChangeStart { get; set; }

    public long SinceTokens { get; set; }

    public long SinceViolations { get; set; }

    public double RecoveryStatistic { get; set; }

    public List<ExampleRecord> RecentViolations { get; set; } = [];
}
