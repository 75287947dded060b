namespace QualityWatch.Detection.Statistics;

/// <summary>Sarle's bimodality coefficient b = (g² + 1) / (k + 3(n−1)²/((n−2)(n−3))) with sample skewness g and excess
/// kurtosis k; b &gt; 5/9 ≈ 0.555 (the uniform's value) suggests two modes — e.g. a second latency population.</summary>
/// <remarks>Pfister et al. (2013), Good things peak in pairs: a note on the bimodality coefficient. Front. Psychol. 4:700.</remarks>
public static class BimodalityCoefficient
{
    /// <summary>The uniform distribution's coefficient; larger values suggest bimodality.</summary>
    public const double UniformThreshold = 5.0 / 9.0;

    /// <summary>b for <paramref name="sample"/>; NaN for fewer than 4 points or zero variance.</summary>
    public static double Compute(IReadOnlyList<double> sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        int n = sample.Count;
        if (n < 4)
        {
            return double.NaN;
        }

        double mean = sample.Average();
        double m2 = 0;
        double m3 = 0;
        double m4 = 0;
        foreach (var x in sample)
        {
            double d = x - mean;
            m2 += d * d;
            m3 += d * d * d;
            m4 += d * d * d * d;
        }

        m2 /= n;
        m3 /= n;
        m4 /= n;
        if (m2 <= 0)
        {
            return double.NaN;
        }

        double g = m3 / Math.Pow(m2, 1.5) * Math.Sqrt(n * (n - 1.0)) / (n - 2.0);
        double k = ((n - 1.0) / ((n - 2.0) * (n - 3.0))) * (((n + 1.0) * ((m4 / (m2 * m2)) - 3)) + 6);
        return ((g * g) + 1) / (k + (3.0 * (n - 1) * (n - 1) / ((n - 2.0) * (n - 3.0))));
    }
}
