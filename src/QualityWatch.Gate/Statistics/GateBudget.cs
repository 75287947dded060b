namespace QualityWatch.Gate.Statistics;

/// <summary>
/// How many pairs a suite needs before the sequential test can be expected to decide, from the discordance seen so
/// far. Under "no drop" the no-drop log-likelihood ratio falls by the Kullback–Leibler divergence per pair,
/// D(q) = q·ln((q + δ)/q) + (1 − 2q)·ln((1 − 2q − δ)/(1 − 2q)) in magnitude, q being the per-side flip rate (half the
/// discordance) and δ the tolerated drop; reaching the lower boundary ln(β/(1 − α)) takes |boundary|/D pairs on
/// average (Wald's approximation). Twice that covers the spread of the walk, so a release that does not regress
/// passes with the stated confidence instead of running out of budget: a flaky suite needs many more pairs than a
/// stable one (4 % flips per side at a 2-point tolerance: ≈ 760 pairs instead of ≈ 260).
/// </summary>
internal static class GateBudget
{
    /// <summary>Multiple of the expected pairs the budget allows.</summary>
    public const double Safety = 3;

    /// <summary>Pairs a suite with <paramref name="counts"/> so far needs in all to decide "no drop".</summary>
    public static int PairsToDecide(PairCounts counts, double alpha, double beta, double drop)
    {
        double flipRate = counts.Pairs == 0 ? 0 : counts.Discordant / (2.0 * counts.Pairs);
        double boundary = Math.Abs(Math.Log(beta / (1 - alpha)));
        return (int)Math.Ceiling(Safety * boundary / Divergence(flipRate, drop));
    }

    /// <summary>Pairs still needed from here: the no-drop ratio's remaining distance to its boundary over the
    /// divergence per pair, times the safety margin; 0 when it is already there.</summary>
    public static int MorePairsToDecide(PairCounts counts, SprtState state, double drop)
    {
        ArgumentNullException.ThrowIfNull(state);
        double distance = state.NoDropLogLikelihoodRatio - state.LowerBoundary;
        return distance <= 0 ? 0 : (int)Math.Ceiling(Safety * distance / Divergence(state.NoiseRate, drop));
    }

    /// <summary>D(q) per pair, with q held inside the range the sequential test itself uses (noise floor, a valid
    /// trinomial), never zero.</summary>
    private static double Divergence(double flipRate, double drop)
    {
        double q = Math.Clamp(flipRate, drop * PairedSprt.NoiseFloorFraction, (1 - drop) / 2 * 0.999);
        double divergence = -((q * Math.Log((q + drop) / q)) + ((1 - (2 * q)) * Math.Log((1 - (2 * q) - drop) / (1 - (2 * q)))));
        return Math.Max(divergence, 1e-9);
    }
}
