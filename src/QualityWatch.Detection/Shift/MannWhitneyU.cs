using System.Buffers;
using QualityWatch.Detection.Statistics;

namespace QualityWatch.Detection.Shift;

/// <summary>Two-sided Mann–Whitney U test with the normal approximation, tie correction and continuity correction.</summary>
/// <remarks>Mann, H. B.; Whitney, D. R. (1947). On a test of whether one of two random variables is stochastically
/// larger than the other. Annals of Mathematical Statistics 18(1). Suited to latency windows: rank based, so a few
/// huge outliers do not dominate.</remarks>
public static class MannWhitneyU
{
    /// <summary>Tests whether <paramref name="baseline"/> and <paramref name="current"/> come from the same distribution.
    /// Returns U for the current sample (large U: current tends to be larger).</summary>
    public static TestResult Test(IReadOnlyList<double> baseline, IReadOnlyList<double> current)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(current);
        int n1 = baseline.Count;
        int n2 = current.Count;
        if (n1 == 0 || n2 == 0)
        {
            return new TestResult(0, 1);
        }

        var all = new (double Value, bool IsCurrent)[n1 + n2];
        for (int i = 0; i < n1; i++)
        {
            all[i] = (baseline[i], false);
        }

        for (int i = 0; i < n2; i++)
        {
            all[n1 + i] = (current[i], true);
        }

        return Ranked(all, n1, n2);
    }

    /// <summary>
    /// The same test over spans, ranking in a pooled buffer: the engine runs it for every drift signal of every series
    /// each minute, where a fresh array per call added up to gigabytes a day.
    /// </summary>
    internal static TestResult Test(ReadOnlySpan<double> baseline, ReadOnlySpan<double> current)
    {
        int n1 = baseline.Length;
        int n2 = current.Length;
        if (n1 == 0 || n2 == 0)
        {
            return new TestResult(0, 1);
        }

        var rented = ArrayPool<(double Value, bool IsCurrent)>.Shared.Rent(n1 + n2);
        try
        {
            var all = rented.AsSpan(0, n1 + n2);
            for (int i = 0; i < n1; i++)
            {
                all[i] = (baseline[i], false);
            }

            for (int i = 0; i < n2; i++)
            {
                all[n1 + i] = (current[i], true);
            }

            return Ranked(all, n1, n2);
        }
        finally
        {
            ArrayPool<(double Value, bool IsCurrent)>.Shared.Return(rented);
        }
    }

    /// <summary>Sorts <paramref name="all"/> (baseline values first, then current) and computes U and its p-value.</summary>
    private static TestResult Ranked(Span<(double Value, bool IsCurrent)> all, int n1, int n2)
    {
        int n = n1 + n2;
        all.Sort(static (a, b) => a.Value.CompareTo(b.Value));
        double rankSumCurrent = 0;
        double tieTerm = 0;
        int start = 0;
        while (start < n)
        {
            int end = start;
            while (end + 1 < n && all[end + 1].Value == all[start].Value)
            {
                end++;
            }

            double rank = ((start + end) / 2.0) + 1;
            int tied = end - start + 1;
            tieTerm += ((double)tied * tied * tied) - tied;
            for (int k = start; k <= end; k++)
            {
                if (all[k].IsCurrent)
                {
                    rankSumCurrent += rank;
                }
            }

            start = end + 1;
        }

        double u = rankSumCurrent - (n2 * (n2 + 1) / 2.0);
        double mean = n1 * (double)n2 / 2.0;
        double variance = n1 * (double)n2 / 12.0 * ((n + 1) - (tieTerm / (n * (double)(n - 1))));
        if (variance <= 0)
        {
            return new TestResult(u, 1);
        }

        double z = (Math.Abs(u - mean) - 0.5) / Math.Sqrt(variance);
        double p = 2 * (1 - ProbabilityFunctions.NormalCdf(Math.Max(z, 0)));
        return new TestResult(u, Math.Clamp(p, 0, 1));
    }
}
