namespace QualityWatch.Detection.Engine;

/// <summary>One canary session's CUSUM on the share of failures it gets (<see cref="StickyRoutingSignal"/>). JSON-serialisable.</summary>
internal sealed class SessionCusumState
{
    public double Statistic { get; set; }

    public DateTimeOffset? ChangeStart { get; set; }

    public long SincePassed { get; set; }

    public long SinceTotal { get; set; }

    public long Passed { get; set; }

    public long Total { get; set; }

    /// <summary>Alarmed in the open episode: named in its finding, and must show recovery before the episode ends.</summary>
    public bool Flagged { get; set; }

    /// <summary>Pass rate of the session's checks from its change start to its alarm (what the finding reports).</summary>
    public double FlaggedPassRate { get; set; }

    public long FlaggedChecks { get; set; }

    /// <summary>When the excursion that raised the alarm began (the finding's estimated start).</summary>
    public DateTimeOffset? FlaggedSince { get; set; }

    public double RecoveryStatistic { get; set; }
}
