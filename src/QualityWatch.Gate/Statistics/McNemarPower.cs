using MathNet.Numerics;
using MathNet.Numerics.Distributions;

namespace QualityWatch.Gate.Statistics;

/// <summary>
/// Exact power of the one-sided exact McNemar test, and the smallest drop it detects: the gate's power disclosure
/// ("detects a drop of 4.8 points at n = 350 pairs").
/// </summary>
/// <remarks>
/// Pairs are trinomial: regression with probability q + drop, improvement with probability q, concordant
/// otherwise. The number of discordant pairs D is Binomial(n, 2q + drop); given D the regressions are
/// Binomial(D, (q + drop)/(2q + drop)) and the test rejects when they reach the exact critical value k(D).
/// Power = Σ_D P(D) · P(regressions ≥ k(D) | D), summed over D within 12 standard deviations of its mean.
/// This is the exact counterpart of Connor, R. J. (1987), Sample size for testing differences in proportions for
/// the paired-sample design, Biometrics 43(1), whose normal approximation the tests use as a cross-check.
/// </remarks>
internal static class McNemarPower
{
    /// <summary>The power CI trackers and the gate disclose by default.</summary>
    public const double DefaultPower = 0.8;

    public static double Power(int pairs, double drop, double noise, double alpha)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(pairs);
        ArgumentOutOfRangeException.ThrowIfNegative(drop);
        ArgumentOutOfRangeException.ThrowIfNegative(noise);
        var discordantRate = (2 * noise) + drop;
        if (pairs == 0 || discordantRate <= 0)
        {
            return 0;
        }

        discordantRate = Math.Min(1, discordantRate);
        var regressionShare = (noise + drop) / ((2 * noise) + drop);
        var mean = pairs * discordantRate;
        var spread = (12 * Math.Sqrt(pairs * discordantRate * (1 - discordantRate))) + 5;
        var from = (int)Math.Max(0, Math.Floor(mean - spread));
        var to = (int)Math.Min(pairs, Math.Ceiling(mean + spread));

        var power = 0.0;
        for (var discordant = Math.Max(1, from); discordant <= to; discordant++)
        {
            var critical = McNemarExactTest.CriticalRegressions(discordant, alpha);
            if (critical > discordant)
            {
                continue;
            }

            var rejectGivenDiscordant = critical <= 0 ? 1
                : regressionShare >= 1 ? 1
                : SpecialFunctions.BetaRegularized(critical, discordant - critical + 1, regressionShare);
            power += Binomial.PMF(discordantRate, pairs, discordant) * rejectGivenDiscordant;
        }

        return Math.Clamp(power, 0, 1);
    }

    /// <summary>
    /// The smallest drop detected with probability <paramref name="power"/> by <paramref name="pairs"/> pairs at
    /// one-sided level <paramref name="alpha"/>, given improvement noise <paramref name="noise"/>; null when even
    /// the largest possible drop is not.
    /// </summary>
    public static double? MinimumDetectableDrop(int pairs, double noise, double alpha, double power = DefaultPower)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(pairs);
        noise = Math.Clamp(noise, 0, 0.5);
        var largest = 1 - (2 * noise);
        if (pairs == 0 || largest <= 0 || Power(pairs, largest, noise, alpha) < power)
        {
            return null;
        }

        double low = 0, high = largest;
        for (var i = 0; i < 40 && high - low > 1e-6; i++)
        {
            var mid = (low + high) / 2;
            if (Power(pairs, mid, noise, alpha) >= power)
            {
                high = mid;
            }
            else
            {
                low = mid;
            }
        }

        return high;
    }
}
