namespace QualityWatch.Detection.Multivariate;

/// <summary>
/// The trained principal subspace: ML.NET's mean and orthonormal eigenvectors, copied out of its
/// <c>PcaModelParameters</c> so that the engine state holds plain numbers (JSON-safe, a few hundred bytes, readable by
/// any later ML.NET version) and per-feature reconstruction residuals can be computed — the model's own score is only
/// their norm.
/// </summary>
internal sealed class PcaDriftModel
{
    public double[] Mean { get; set; } = [];

    /// <summary>Rank × dimension, row per component.</summary>
    public double[][] Components { get; set; } = [];

    /// <summary>Hours since the Unix epoch of the last hour the training saw.</summary>
    public long TrainedAtHour { get; set; }

    public int TrainingVectors { get; set; }

    /// <summary>The reconstruction residual x − x̂ of <paramref name="x"/> (x̂ its projection on the subspace).</summary>
    public double[] Residual(double[] x)
    {
        var centred = new double[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            centred[i] = x[i] - Mean[i];
        }

        var residual = (double[])centred.Clone();
        foreach (var component in Components)
        {
            double projection = 0;
            for (int i = 0; i < x.Length; i++)
            {
                projection += component[i] * centred[i];
            }

            for (int i = 0; i < x.Length; i++)
            {
                residual[i] -= projection * component[i];
            }
        }

        return residual;
    }

    /// <summary>The anomaly score: the norm of the reconstruction residual.</summary>
    public static double Score(double[] residual) => Math.Sqrt(residual.Sum(r => r * r));
}
