using MathNet.Numerics.LinearAlgebra;

namespace QualityWatch.Detection.TimeSeries;

/// <summary>
/// Singular spectrum analysis as in ML.NET's <c>AdaptiveSingularSpectrumSequenceModeler</c>: the L×K trajectory matrix of
/// the training window (L = seasonality window), eigen-decomposition of its lag-covariance, rank selection, and the
/// linear recurrent formula x̂ₜ = Σ aⱼ xₜ₋ₗ₊₁₊ⱼ for one-step forecasts.
/// </summary>
/// <remarks>Golyandina, Nekrutkin, Zhigljavsky (2001), Analysis of Time Series Structure: SSA and Related Techniques,
/// ch. 2 (recurrent forecasting). Rank: the smallest r whose leading eigenvalues hold 99.9% of the energy, at most L − 1,
/// with roots stabilised by falling back to a lower rank when ν² = Σπᵢ² approaches 1.</remarks>
internal sealed class SsaModel
{
    private SsaModel(double[] coefficients, int rank)
    {
        Coefficients = coefficients;
        Rank = rank;
    }

    /// <summary>a₀…a_{L−2}, applied to the last L − 1 observations, oldest first.</summary>
    public double[] Coefficients { get; }

    public int Rank { get; }

    public static SsaModel FromCoefficients(double[] coefficients, int rank) => new(coefficients, rank);

    public static SsaModel Train(IReadOnlyList<double> series, int windowSize)
    {
        int l = windowSize;
        int k = series.Count - l + 1;
        var trajectory = Matrix<double>.Build.Dense(l, k, (i, j) => series[i + j]);
        var covariance = trajectory * trajectory.Transpose();
        var evd = covariance.Evd(Symmetricity.Symmetric);

        // MathNet returns eigenvalues ascending; SSA wants them descending.
        var order = Enumerable.Range(0, l).OrderByDescending(i => evd.EigenValues[i].Real).ToArray();
        double total = order.Sum(i => Math.Max(0, evd.EigenValues[i].Real));
        int rank = 1;
        if (total > 0)
        {
            double cumulative = 0;
            for (rank = 1; rank <= l; rank++)
            {
                cumulative += Math.Max(0, evd.EigenValues[order[rank - 1]].Real);
                if (cumulative >= 0.999 * total)
                {
                    break;
                }
            }
        }

        rank = Math.Clamp(rank, 1, l - 1);
        for (; rank >= 1; rank--)
        {
            double nu2 = 0;
            var coefficients = new double[l - 1];
            for (int r = 0; r < rank; r++)
            {
                var u = evd.EigenVectors.Column(order[r]);
                double pi = u[l - 1];
                nu2 += pi * pi;
                for (int j = 0; j < l - 1; j++)
                {
                    coefficients[j] += pi * u[j];
                }
            }

            if (nu2 < 0.99)
            {
                for (int j = 0; j < l - 1; j++)
                {
                    coefficients[j] /= 1 - nu2;
                }

                return new SsaModel(coefficients, rank);
            }
        }

        // Degenerate (e.g. constant) series: forecast the last value.
        var persistence = new double[l - 1];
        persistence[^1] = 1;
        return new SsaModel(persistence, 0);
    }

    /// <summary>Forecasts the next value from the last L − 1 observations (oldest first).</summary>
    public double Forecast(ReadOnlySpan<double> lastObservations)
    {
        double sum = 0;
        for (int j = 0; j < Coefficients.Length; j++)
        {
            sum += Coefficients[j] * lastObservations[j];
        }

        return sum;
    }
}
