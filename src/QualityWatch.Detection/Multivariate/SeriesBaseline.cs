namespace QualityWatch.Detection.Multivariate;

/// <summary>
/// A series' healthy level per feature at each hour of the day, and its noise: a first daily harmonic
/// a + b·sin + c·cos of the hour fitted by least squares to the series' healthy hours, plus the median of what is left,
/// with 1.4826 × MAD of what is left (floored, <see cref="HourlyFeatures.ScaleFloors"/>) as the scale. Removing each
/// series' own cycle before the pooled model matters: series differ in how strongly latency follows the day, and a
/// cycle the model shares across the fleet would leave every series' own difference from it as a daily residual.
/// </summary>
internal sealed class SeriesBaseline
{
    private readonly double[][] _harmonic;

    private SeriesBaseline(double[][] harmonic, double[] scale)
    {
        _harmonic = harmonic;
        Scale = scale;
    }

    public double[] Scale { get; }

    /// <summary>The healthy value of <paramref name="feature"/> at <paramref name="hour"/>, in model units.</summary>
    public double Expected(int feature, long hour)
    {
        var (sin, cos) = Phase(hour);
        var h = _harmonic[feature];
        return h[0] + (h[1] * sin) + (h[2] * cos);
    }

    public static SeriesBaseline Fit(List<double?[]> vectors, List<long> hours)
    {
        var harmonic = new double[HourlyFeatures.Count][];
        var scale = new double[HourlyFeatures.Count];
        for (int f = 0; f < HourlyFeatures.Count; f++)
        {
            var observed = Enumerable.Range(0, vectors.Count).Where(i => vectors[i][f] is not null).ToList();
            if (observed.Count == 0)
            {
                harmonic[f] = [0, 0, 0];
                scale[f] = 1;
                continue;
            }

            harmonic[f] = FitHarmonic(observed.Select(i => (hours[i], vectors[i][f]!.Value)).ToList());
            var h = harmonic[f];
            var left = observed.Select(i =>
            {
                var (sin, cos) = Phase(hours[i]);
                return vectors[i][f]!.Value - (h[0] + (h[1] * sin) + (h[2] * cos));
            }).Order().ToArray();
            double median = MultivariateDriftDetector.Quantile(left, 0.5);
            h[0] += median;
            scale[f] = Math.Max(1.4826 * MultivariateDriftDetector.Quantile(left.Select(v => Math.Abs(v - median)).Order().ToArray(), 0.5), HourlyFeatures.ScaleFloors[f]);
        }

        return new SeriesBaseline(harmonic, scale);
    }

    private static (double Sin, double Cos) Phase(long hour)
    {
        double angle = 2 * Math.PI * (((hour % 24) + 24) % 24) / 24;
        return (Math.Sin(angle), Math.Cos(angle));
    }

    // Least squares on [1, sin, cos] by the 3×3 normal equations; without a day of distinct phases (or when they are
    // degenerate) only the level is fitted.
    private static double[] FitHarmonic(List<(long Hour, double Value)> points)
    {
        double mean = points.Average(p => p.Value);
        if (points.Select(p => ((p.Hour % 24) + 24) % 24).Distinct().Count() < 12)
        {
            return [mean, 0, 0];
        }

        var a = new double[3, 3];
        var y = new double[3];
        foreach (var (hour, value) in points)
        {
            var (sin, cos) = Phase(hour);
            double[] row = [1, sin, cos];
            for (int i = 0; i < 3; i++)
            {
                y[i] += row[i] * value;
                for (int j = 0; j < 3; j++)
                {
                    a[i, j] += row[i] * row[j];
                }
            }
        }

        var solution = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.DenseOfArray(a).Solve(MathNet.Numerics.LinearAlgebra.Vector<double>.Build.Dense(y));
        return solution.Any(v => !double.IsFinite(v)) ? [mean, 0, 0] : [solution[0], solution[1], solution[2]];
    }
}
