namespace QualityWatch.Simulator.Engine;

/// <summary>The combined effect of every scenario active for one model at one instant.</summary>
internal sealed record FaultSet
{
    public static FaultSet None { get; } = new();

    public double LatencyMultiplier { get; init; } = 1;

    public double ErrorRate { get; init; }

    /// <summary>Start of the auth outage when one is active: connections first seen since then get 401.</summary>
    public DateTimeOffset? AuthOutageSince { get; init; }

    public double RoutingShare { get; init; }

    public double RoutingLongContextAccuracy { get; init; } = 0.45;

    public double RoutingOtherAccuracyDrop { get; init; } = 0.02;

    public double CorruptionShare { get; init; }

    public double TopKAccuracyDrop { get; init; }

    /// <summary>Share of temperature-0 answers whose end-of-sequence token the miscompiled top-k drops.</summary>
    public double TopKDivergenceShare { get; init; }

    /// <summary>Share of temperature-0 tokens the miscompiled top-k picks from below the most probable candidate.</summary>
    public double GreedyViolationShare { get; init; }

    public bool Swapped { get; init; }

    public double SwapLengthFactor { get; init; } = 1;

    /// <summary>Share of the swapped model's calls the other model answers (1: all of them).</summary>
    public double SwapShare { get; init; } = 1;

    /// <summary>Whether the healthy system fingerprint is still reported while swapped (a provider reporting none, or
    /// the same one for every model behind an alias).</summary>
    public bool SwapKeepsFingerprint { get; init; }

    public double SwapAccuracyDrop { get; init; }

    public double TruncationShare { get; init; }

    public IReadOnlyList<ActiveFault> Active { get; init; } = [];
}
