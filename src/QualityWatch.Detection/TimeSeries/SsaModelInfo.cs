using System.Numerics;

namespace QualityWatch.Detection.TimeSeries;

/// <summary>What training learned (ML.NET's <c>ModelInfo</c>, kept when the modeler maintains info).</summary>
/// <param name="WindowSize">L after training.</param>
/// <param name="Rank">Dimension of the signal subspace.</param>
/// <param name="Spectrum">Eigenvalues of the lag-covariance, descending.</param>
/// <param name="AutoRegressiveCoefficients">a₀…a_{L−2} after stabilisation (if any).</param>
/// <param name="IsNaiveModelTrained">The eigen-decomposition failed and the averaging model was used.</param>
/// <param name="IsStabilized">The roots of the characteristic polynomial were stabilised.</param>
/// <param name="RootsBeforeStabilization">Roots of Xⁿ − Σ aᵢXⁱ before stabilisation.</param>
/// <param name="RootsAfterStabilization">Roots after stabilisation.</param>
/// <param name="IsExponentialTrendPresent">A real root above 1 was kept (the largest trend magnitude exceeds 1).</param>
/// <param name="IsPolynomialTrendPresent">Roots were moved to 1 to model a polynomial trend.</param>
/// <param name="IsArtificialSeasonalityRemoved">A seasonality longer than L was replaced by its real part.</param>
/// <param name="ExponentialTrendFactor">The magnitude every root was squeezed below.</param>
internal sealed record SsaModelInfo(
    int WindowSize,
    int Rank,
    IReadOnlyList<float> Spectrum,
    IReadOnlyList<float> AutoRegressiveCoefficients,
    bool IsNaiveModelTrained,
    bool IsStabilized,
    IReadOnlyList<Complex> RootsBeforeStabilization,
    IReadOnlyList<Complex> RootsAfterStabilization,
    bool IsExponentialTrendPresent,
    bool IsPolynomialTrendPresent,
    bool IsArtificialSeasonalityRemoved,
    double ExponentialTrendFactor);
