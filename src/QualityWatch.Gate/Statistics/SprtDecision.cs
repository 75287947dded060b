namespace QualityWatch.Gate.Statistics;

/// <summary>Where a sequential probability ratio test stands after the pairs seen so far.</summary>
internal enum SprtDecision
{
    /// <summary>Between the boundaries: more pairs are needed.</summary>
    Continue,

    /// <summary>Crossed the lower boundary: evidence for "no drop".</summary>
    AcceptNoDrop,

    /// <summary>Crossed the upper boundary: evidence for "a drop of at least the tolerated size".</summary>
    AcceptDrop,
}
