namespace QualityWatch.Gate.Statistics;

/// <summary>
/// Wald's sequential probability ratio test for a paired pass/fail comparison, fed one pair at a time.
/// H0: no drop. H1: the candidate regresses on an extra <c>drop</c> share of pairs.
/// </summary>
/// <remarks>
/// <para>Wald, A. (1945). Sequential tests of statistical hypotheses. Annals of Mathematical Statistics 16(2):
/// boundaries ln((1 − β)/α) and ln(β/(1 − α)).</para>
/// <para><b>Failing</b> uses the discordant pairs only, as McNemar does: given that a pair disagrees, it is a
/// regression with probability ½ under H0 whatever the flakiness of the cases, and with probability
/// θ₁ = (d + drop)/(2d) under H1, d being the discordance rate. d is estimated from the pairs <i>before</i> each
/// discordant pair (a prior of one discordant pair per 1/drop pairs: (D + 1)/(n + 1/drop), at least <c>drop</c>;
/// θ₁ at most 0.95). Because each factor only uses the past, the likelihood ratio is a martingale under H0 and
/// Ville's inequality bounds the false-fail rate by α/(1 − β) however often the runner looks, whatever the
/// flakiness (Robbins and Siegmund 1974, "non-anticipating" plug-in).</para>
/// <para>Asymmetry alone is not a drop of the tolerated size: one case that always fails is perfectly asymmetric.
/// So failing also needs the <b>size</b> evidence, and passing is decided by it alone: the trinomial model over all
/// pairs, H0 P(b) = q, P(c) = q vs H1 P(b) = q + drop, P(c) = q, with the improvement rate q estimated as c/n and
/// floored at <c>drop × NoiseFloorFraction</c>, where the concordant pairs show that the drop is small. A drop is
/// accepted when both ratios reach the upper boundary; no drop when the trinomial ratio reaches the lower one.</para>
/// </remarks>
internal sealed class PairedSprt
{
    /// <summary>The noise floor as a share of the drop: one regression weighs at most ln 5 in the no-drop ratio.</summary>
    public const double NoiseFloorFraction = 0.25;

    /// <summary>Cap of θ₁, so one regression multiplies the ratio by at most 1.9 and one improvement by at least 0.1.</summary>
    public const double MaxRegressionShare = 0.95;

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

    public double LowerBoundary { get; }

    public double UpperBoundary { get; }

    public PairCounts Counts { get; private set; }

    public double RegressionLogLikelihoodRatio { get; private set; }

    public void Observe(bool baselinePassed, bool candidatePassed)
    {
        if (baselinePassed != candidatePassed)
        {
            var theta = RegressionShareUnderDrop(Counts);
            RegressionLogLikelihoodRatio += Math.Log(2 * (baselinePassed ? theta : 1 - theta));
        }

        Counts = Counts.Add(baselinePassed, candidatePassed);
    }

    public SprtState State()
    {
        var (noDrop, noise) = NoDropLogLikelihoodRatio(Counts);
        var decision = RegressionLogLikelihoodRatio >= UpperBoundary && noDrop >= UpperBoundary ? SprtDecision.AcceptDrop
            : noDrop <= LowerBoundary ? SprtDecision.AcceptNoDrop
            : SprtDecision.Continue;
        return new SprtState(RegressionLogLikelihoodRatio, noDrop, LowerBoundary, UpperBoundary, noise, decision);
    }

    /// <summary>θ₁ for the next discordant pair, from the pairs seen before it.</summary>
    internal double RegressionShareUnderDrop(PairCounts history)
    {
        var discordance = Math.Max(drop, (history.Discordant + 1.0) / (history.Pairs + (1 / drop)));
        return Math.Min(MaxRegressionShare, (discordance + drop) / (2 * discordance));
    }

    /// <summary>ln L(drop) − ln L(no drop) under the trinomial model, and the improvement rate it used.</summary>
    internal (double LogLikelihoodRatio, double Noise) NoDropLogLikelihoodRatio(PairCounts counts)
    {
        if (counts.Pairs == 0)
        {
            return (0, drop * NoiseFloorFraction);
        }

        // Under H1 the three probabilities must stay a distribution: 2q + drop < 1.
        var noise = Math.Clamp((double)counts.Improvements / counts.Pairs, drop * NoiseFloorFraction, (1 - drop) / 2 * 0.999);
        var concordant = counts.Pairs - counts.Discordant;
        var llr = (counts.Regressions * Math.Log((noise + drop) / noise))
                  + (concordant * Math.Log((1 - (2 * noise) - drop) / (1 - (2 * noise))));
        return (llr, noise);
    }
}
