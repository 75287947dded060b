namespace QualityWatch.Detection.Seasonal;

/// <summary>
/// The generalized Pareto distribution of excesses over a high threshold (Pickands–Balkema–de Haan: for almost any
/// continuous distribution the excesses over a high enough threshold are approximately GPD).
/// </summary>
/// <param name="Shape">ξ: 0 is an exponential tail, positive a heavy (power-law) tail, negative a bounded one.</param>
/// <param name="Scale">σ &gt; 0.</param>
internal readonly record struct GeneralizedPareto(double Shape, double Scale)
{
    /// <summary>
    /// No bounded tails (ξ &lt; 0): a bounded fit would call any residual past its end point impossible, and real series
    /// do exceed the largest value of a short history. No tail heavier than Student's t with 3 degrees of freedom
    /// (ξ = 1/3): healthy residuals have a finite variance (ξ &lt; 1/2), and a history whose quantiles suggest more is
    /// a history with anomalies in it — believing it would explain every later spike away.
    /// </summary>
    private const double MinShape = 0;

    private const double MaxShape = 1.0 / 3;

    /// <summary>
    /// Fits the tail above a threshold u from two higher quantiles of the same sample (quantile matching, in the spirit
    /// of Pickands' estimator): with a = q(1 − t/2) − u and b = q(1 − t/4) − u, where t is the share above u, the
    /// GPD gives b/a = 2^ξ + 1, so ξ = log₂(b/a − 1) and σ = aξ/(2^ξ − 1). Unlike moment or likelihood fits it ignores
    /// the largest values entirely, so a few unlabelled outliers in the history cannot fatten the tail that is then
    /// used to judge the next one.
    /// </summary>
    public static GeneralizedPareto FromQuantiles(double threshold, double half, double quarter)
    {
        double a = half - threshold;
        double b = quarter - threshold;
        if (!(a > 1e-300) || !(b > a))
        {
            // Degenerate quantiles (most healthy residuals exactly zero, as on a sparse count series): an exponential
            // tail whose scale is at least one unit of z, the series' own resolution.
            return new GeneralizedPareto(0, Math.Max(Math.Max(a, b), 1) / Math.Log(2));
        }

        double shape = Math.Clamp(Math.Log2((b / a) - 1), MinShape, MaxShape);
        double scale = Math.Abs(shape) < 1e-6 ? a / Math.Log(2) : a * shape / (Math.Pow(2, shape) - 1);
        return new GeneralizedPareto(shape, Math.Max(scale, 1e-12));
    }

    /// <summary>P(Y &gt; y) for an excess y ≥ 0.</summary>
    public double Survival(double excess)
    {
        if (excess <= 0)
        {
            return 1;
        }

        if (Math.Abs(Shape) < 1e-6)
        {
            return Math.Exp(-excess / Scale);
        }

        double basis = 1 + (Shape * excess / Scale);
        return basis <= 0 ? 0 : Math.Pow(basis, -1 / Shape);
    }
}
