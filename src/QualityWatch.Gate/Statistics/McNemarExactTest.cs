using MathNet.Numerics;

namespace QualityWatch.Gate.Statistics;

/// <summary>
/// The exact (conditional) McNemar test: under "no difference" the regressions among the b + c discordant pairs
/// follow Binomial(b + c, 1/2).
/// </summary>
/// <remarks>
/// McNemar, Q. (1947). Note on the sampling error of the difference between correlated proportions or
/// percentages. Psychometrika 12(2). The exact form is the sign test on the discordant pairs; tail probabilities
/// use the regularised incomplete beta function, P(X ≥ k) = I_½(k, n − k + 1).
/// </remarks>
internal static class McNemarExactTest
{
    /// <summary>One-sided p-value for "the candidate is worse": P(X ≥ regressions | n = discordant, p = ½).</summary>
    public static double RegressionPValue(int regressions, int improvements)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(regressions);
        ArgumentOutOfRangeException.ThrowIfNegative(improvements);
        return UpperTail(regressions, regressions + improvements);
    }

    /// <summary>Two-sided p-value: twice the smaller tail, capped at 1.</summary>
    public static double TwoSidedPValue(int regressions, int improvements)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(regressions);
        ArgumentOutOfRangeException.ThrowIfNegative(improvements);
        var discordant = regressions + improvements;
        var smaller = Math.Min(regressions, improvements);
        // By symmetry of Binomial(n, ½), P(X ≤ smaller) = P(X ≥ n − smaller).
        return Math.Min(1, 2 * UpperTail(discordant - smaller, discordant));
    }

    /// <summary>The smallest regression count out of <paramref name="discordant"/> that is significant at <paramref name="alpha"/> (one-sided); discordant + 1 when none is.</summary>
    public static int CriticalRegressions(int discordant, double alpha)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(discordant);
        // The tail shrinks as k grows, so binary search for the first k whose tail is within alpha.
        int low = 0, high = discordant + 1;
        while (low < high)
        {
            var mid = low + ((high - low) / 2);
            if (UpperTail(mid, discordant) <= alpha)
            {
                high = mid;
            }
            else
            {
                low = mid + 1;
            }
        }

        return low;
    }

    /// <summary>P(X ≥ k) for X ~ Binomial(n, ½).</summary>
    internal static double UpperTail(int k, int n)
    {
        if (k <= 0)
        {
            return 1;
        }

        if (k > n)
        {
            return 0;
        }

        return Math.Clamp(SpecialFunctions.BetaRegularized(k, n - k + 1, 0.5), 0, 1);
    }
}
