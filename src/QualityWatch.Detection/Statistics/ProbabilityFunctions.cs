namespace QualityWatch.Detection.Statistics;

/// <summary>Small closed-form approximations the ML.NET time-series detectors rely on.</summary>
internal static class ProbabilityFunctions
{
    /// <summary>Abramowitz &amp; Stegun 7.1.26 (|error| ≤ 1.5e-7) — the same approximation ML.NET uses, so kernel
    /// p-values (and the golden values in ML.NET's tests, e.g. 0.4999999995 for a repeated value) match.</summary>
    public static double Erf(double x)
    {
        const double a1 = 0.254829592;
        const double a2 = -0.284496736;
        const double a3 = 1.421413741;
        const double a4 = -1.453152027;
        const double a5 = 1.061405429;
        const double p = 0.3275911;
        int sign = x < 0 ? -1 : 1;
        x = Math.Abs(x);
        double t = 1.0 / (1.0 + (p * x));
        double y = 1.0 - (((((((((a5 * t) + a4) * t) + a3) * t) + a2) * t) + a1) * t * Math.Exp(-x * x));
        return sign * y;
    }

    /// <summary>Standard normal CDF via MathNet (exact to double precision).</summary>
    public static double NormalCdf(double z) => MathNet.Numerics.Distributions.Normal.CDF(0, 1, z);
}
