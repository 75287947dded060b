using System.Buffers;
using QualityWatch.Detection.Statistics;

namespace QualityWatch.Detection.Shift;

/// <summary>Pearson's χ² test of homogeneity for two categorical mixes (finish reasons, scripts, error types).</summary>
public static class ChiSquareTest
{
    /// <summary>Compares the category counts of <paramref name="baseline"/> and <paramref name="current"/>
    /// (a 2×k contingency table; categories absent from both are ignored).</summary>
    public static TestResult Homogeneity(IReadOnlyDictionary<string, long> baseline, IReadOnlyDictionary<string, long> current)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(current);
        if (baseline is Dictionary<string, long> baselineCounts && current is Dictionary<string, long> currentCounts && IsOrdinal(baselineCounts.Comparer) && IsOrdinal(currentCounts.Comparer))
        {
            // The engine's finish-reason mixes, every minute of every series: the same categories in the same order as
            // the union below, gathered into a pooled buffer instead of a set, iterators and a list.
            var rented = ArrayPool<string>.Shared.Rent(baselineCounts.Count + currentCounts.Count);
            try
            {
                int count = 0;
                foreach (var category in baselineCounts.Keys)
                {
                    if (baselineCounts.GetValueOrDefault(category) + currentCounts.GetValueOrDefault(category) > 0)
                    {
                        rented[count++] = category;
                    }
                }

                foreach (var category in currentCounts.Keys)
                {
                    if (!baselineCounts.ContainsKey(category) && baselineCounts.GetValueOrDefault(category) + currentCounts.GetValueOrDefault(category) > 0)
                    {
                        rented[count++] = category;
                    }
                }

                return Homogeneity(baseline, current, rented.AsSpan(0, count));
            }
            finally
            {
                ArrayPool<string>.Shared.Return(rented, clearArray: true);
            }
        }

        var categories = baseline.Keys.Union(current.Keys, StringComparer.Ordinal)
            .Where(c => baseline.GetValueOrDefault(c) + current.GetValueOrDefault(c) > 0)
            .ToArray();
        return Homogeneity(baseline, current, categories);
    }

    private static TestResult Homogeneity(IReadOnlyDictionary<string, long> baseline, IReadOnlyDictionary<string, long> current, ReadOnlySpan<string> categories)
    {
        double n1 = 0;
        double n2 = 0;
        foreach (var category in categories)
        {
            n1 += baseline.GetValueOrDefault(category);
            n2 += current.GetValueOrDefault(category);
        }

        if (categories.Length < 2 || n1 == 0 || n2 == 0)
        {
            return new TestResult(0, 1);
        }

        double total = n1 + n2;
        double chi2 = 0;
        foreach (var category in categories)
        {
            double column = baseline.GetValueOrDefault(category) + current.GetValueOrDefault(category);
            double e1 = n1 * column / total;
            double e2 = n2 * column / total;
            chi2 += Square(baseline.GetValueOrDefault(category) - e1) / e1;
            chi2 += Square(current.GetValueOrDefault(category) - e2) / e2;
        }

        int degreesOfFreedom = categories.Length - 1;
        double p = 1 - MathNet.Numerics.Distributions.ChiSquared.CDF(degreesOfFreedom, chi2);
        return new TestResult(chi2, Math.Clamp(p, 0, 1));
    }

    /// <summary>True when the comparer matches keys as the ordinal union does.</summary>
    private static bool IsOrdinal(IEqualityComparer<string> comparer) =>
        ReferenceEquals(comparer, StringComparer.Ordinal) || ReferenceEquals(comparer, EqualityComparer<string>.Default);

    private static double Square(double x) => x * x;
}
