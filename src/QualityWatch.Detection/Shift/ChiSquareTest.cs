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
        var categories = baseline.Keys.Union(current.Keys, StringComparer.Ordinal)
            .Where(c => baseline.GetValueOrDefault(c) + current.GetValueOrDefault(c) > 0)
            .ToList();
        double n1 = categories.Sum(c => (double)baseline.GetValueOrDefault(c));
        double n2 = categories.Sum(c => (double)current.GetValueOrDefault(c));
        if (categories.Count < 2 || n1 == 0 || n2 == 0)
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

        int degreesOfFreedom = categories.Count - 1;
        double p = 1 - MathNet.Numerics.Distributions.ChiSquared.CDF(degreesOfFreedom, chi2);
        return new TestResult(chi2, Math.Clamp(p, 0, 1));
    }

    private static double Square(double x) => x * x;
}
