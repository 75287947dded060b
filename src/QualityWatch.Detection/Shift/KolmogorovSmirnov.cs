using QualityWatch.Detection.Statistics;

namespace QualityWatch.Detection.Shift;

/// <summary>Two-sample Kolmogorov–Smirnov test: D = sup |F₁ − F₂| with the asymptotic Kolmogorov distribution.</summary>
/// <remarks>Uses the effective sample size n₁n₂/(n₁+n₂) with Stephens' (1970) small-sample correction
/// λ = (√nₑ + 0.12 + 0.11/√nₑ)·D, as in Numerical Recipes §14.3. Sensitive to shape changes (a second latency mode)
/// that a location test misses.</remarks>
public static class KolmogorovSmirnov
{
    /// <summary>Tests whether the two samples share a distribution.</summary>
    public static TestResult Test(IReadOnlyList<double> first, IReadOnlyList<double> second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        if (first.Count == 0 || second.Count == 0)
        {
            return new TestResult(0, 1);
        }

        var a = first.ToArray();
        var b = second.ToArray();
        Array.Sort(a);
        Array.Sort(b);
        return TestSorted(a, b);
    }

    /// <summary>The same test on samples already sorted ascending (the caller sorts once for its quantiles too).</summary>
    internal static TestResult TestSorted(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        if (a.Length == 0 || b.Length == 0)
        {
            return new TestResult(0, 1);
        }

        int i = 0;
        int j = 0;
        double d = 0;
        while (i < a.Length && j < b.Length)
        {
            double value = Math.Min(a[i], b[j]);
            while (i < a.Length && a[i] <= value)
            {
                i++;
            }

            while (j < b.Length && b[j] <= value)
            {
                j++;
            }

            d = Math.Max(d, Math.Abs(((double)i / a.Length) - ((double)j / b.Length)));
        }

        double ne = a.Length * (double)b.Length / (a.Length + b.Length);
        double sqrtNe = Math.Sqrt(ne);
        return new TestResult(d, KolmogorovQ((sqrtNe + 0.12 + (0.11 / sqrtNe)) * d));
    }

    /// <summary>Q_KS(λ) = 2 Σ (−1)^(k−1) exp(−2k²λ²).</summary>
    internal static double KolmogorovQ(double lambda)
    {
        if (lambda < 1e-3)
        {
            return 1;
        }

        double sum = 0;
        double sign = 1;
        for (int k = 1; k <= 100; k++)
        {
            double term = sign * Math.Exp(-2 * k * k * lambda * lambda);
            sum += term;
            if (Math.Abs(term) < 1e-12 * Math.Abs(sum))
            {
                break;
            }

            sign = -sign;
        }

        return Math.Clamp(2 * sum, 0, 1);
    }
}
