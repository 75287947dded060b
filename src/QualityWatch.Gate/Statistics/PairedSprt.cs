namespace QualityWatch.Gate.Statistics;

/// <summary>
/// Wald's sequential probability ratio test on paired pass/fail outcomes. H0: the candidate regresses on pairs
/// exactly as often as it improves on them (no drop). H1: it regresses on an extra <c>drop</c> share of pairs.
/// </summary>
/// <remarks>
/// Wald, A. (1945). Sequential tests of statistical hypotheses. Annals of Mathematical Statistics 16(2):
/// accept H1 when the log-likelihood ratio reaches ln((1 − β)/α), accept H0 when it falls to ln(β/(1 − α)).
/// Each pair is regression (b), improvement (c) or concordant. Both hypotheses share the improvement rate q, so
/// improvements carry no evidence and the ratio is driven by the discordant regressions against the concordant
/// pairs: H0 has P(b) = q, P(concordant) = 1 − 2q; H1 has P(b) = q + drop, P(concordant) = 1 − 2q − drop.
/// q is the nuisance flakiness rate, estimated as c / n; it is floored at <c>drop × NoiseFloorFraction</c> so that
/// one early regression weighs at most ln(1 + 1/fraction): a single flaky case cannot cross the boundary alone.
/// </remarks>
internal sealed class PairedSprt
{
    private readonly double drop;

    public PairedSprt(double alpha, double beta, double drop)
    {
        if (alpha is <= 0 or >= 0.5)
        {
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "alpha must be in (0, 0.5)");
        }

        if (beta is <= 0 or >= 0.5)
        {
            throw new ArgumentOutOfRangeException(nameof(beta), beta, "beta must be in (0, 0.5)");
        }

        if (drop is <= 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(drop), drop, "drop must be in (0, 1)");
        }

        this.drop = drop;
        LowerBoundary = Math.Log(beta / (1 - alpha));
        UpperBoundary = Math.Log((1 - beta) / alpha);
    }

    /// <summary>The noise floor as a share of the drop; 1/4 caps one regression's weight at ln 5 ≈ 1.61.</summary>
    public const double NoiseFloorFraction = 0.25;

    public double LowerBoundary { get; }

    public double UpperBoundary { get; }

    public SprtState Evaluate(PairCounts counts)
    {
        var pairs = counts.Pairs;
        if (pairs == 0)
        {
            return new SprtState(0, LowerBoundary, UpperBoundary, drop * NoiseFloorFraction, SprtDecision.Continue);
        }

        // Under H1 the three probabilities must stay a distribution: 2q + drop < 1.
        var noise = Math.Clamp((double)counts.Improvements / pairs, drop * NoiseFloorFraction, (1 - drop) / 2 * 0.999);
        var concordant = pairs - counts.Discordant;
        var llr = (counts.Regressions * Math.Log((noise + drop) / noise))
                  + (concordant * Math.Log((1 - (2 * noise) - drop) / (1 - (2 * noise))));
        var decision = llr >= UpperBoundary ? SprtDecision.AcceptDrop
            : llr <= LowerBoundary ? SprtDecision.AcceptNoDrop
            : SprtDecision.Continue;
        return new SprtState(llr, LowerBoundary, UpperBoundary, noise, decision);
    }
}
