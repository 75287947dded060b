using MathNet.Numerics.LinearAlgebra;

namespace QualityWatch.Detection.Statistics;

/// <summary>
/// Gauss–Hermite quadrature nodes and weights for expectations under a standard normal: E[f(Z)] ≈ Σ wᵢ f(zᵢ), exact for
/// polynomials of degree up to 2n − 1. Computed once by the Golub–Welsch method (eigen-decomposition of the Jacobi
/// matrix of the Hermite polynomials).
/// </summary>
internal static class GaussHermiteNodes
{
    private const int Count = 12;

    /// <summary>Twelve nodes: enough for integrands that vary like e^{c·z} with c up to about 3 (error below 1e-6).</summary>
    public static IReadOnlyList<(double Z, double Weight)> StandardNormal { get; } = Compute(Count);

    private static (double Z, double Weight)[] Compute(int count)
    {
        // Physicists' Hermite recurrence: off-diagonal √(k/2); nodes xᵢ are the eigenvalues, weights √π·v₀ᵢ².
        var jacobi = Matrix<double>.Build.Dense(count, count);
        for (int k = 1; k < count; k++)
        {
            jacobi[k, k - 1] = jacobi[k - 1, k] = Math.Sqrt(k / 2.0);
        }

        var evd = jacobi.Evd(Symmetricity.Symmetric);
        var nodes = new (double Z, double Weight)[count];
        for (int i = 0; i < count; i++)
        {
            double first = evd.EigenVectors[0, i];
            // Change of variable z = √2·x for the standard normal; the weights then sum to 1.
            nodes[i] = (Math.Sqrt(2) * evd.EigenValues[i].Real, first * first);
        }

        return nodes;
    }
}
