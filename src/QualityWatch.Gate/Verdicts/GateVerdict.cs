namespace QualityWatch.Gate.Verdicts;

/// <summary>The gate's answer for one suite or for the whole release.</summary>
internal enum GateVerdict
{
    /// <summary>No drop beyond the tolerance and the pass-rate floor holds.</summary>
    Pass,

    /// <summary>A significant drop, or a pass rate significantly below the floor.</summary>
    Fail,

    /// <summary>Not enough evidence within the budget either way.</summary>
    Inconclusive,
}
