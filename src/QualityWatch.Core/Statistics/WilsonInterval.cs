namespace QualityWatch.Core.Statistics;

/// <summary>The Wilson score interval for a binomial proportion.</summary>
/// <remarks>
/// Wilson, E. B. (1927). Probable inference, the law of succession, and statistical inference. JASA 22(158).
/// Unlike the normal (Wald) interval it stays inside [0, 1] and keeps its coverage near 0 and 1, where canary
/// pass rates live.
/// </remarks>
public static class WilsonInterval
{
    /// <summary>z for a two-sided 95% interval.</summary>
    public const double Z95 = 1.959963984540054;

    /// <summary>The interval for <paramref name="successes"/> out of <paramref name="trials"/>; (0, 1) when there are no trials.</summary>
    public static (double Low, double High) Compute(long successes, long trials, double z = Z95)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(successes);
        ArgumentOutOfRangeException.ThrowIfLessThan(trials, successes);
        if (trials == 0)
        {
            return (0, 1);
        }

        double n = trials;
        double p = successes / n;
        double z2 = z * z;
        double centre = (p + (z2 / (2 * n))) / (1 + (z2 / n));
        double half = z * Math.Sqrt((p * (1 - p) / n) + (z2 / (4 * n * n))) / (1 + (z2 / n));
        return (Math.Max(0, centre - half), Math.Min(1, centre + half));
    }
}
