namespace QualityWatch.Detection.Sequential;

/// <summary>
/// Wald's SPRT for a pass rate: H₀ p = p₀ vs H₁ p = p₁ (p₁ &lt; p₀) with error rates α (false regression) and β (missed
/// regression). Boundaries A = log((1−β)/α), B = log(β/(1−α)). Stops as early as the evidence allows — for the release gate.
/// </summary>
/// <remarks>Wald, A. (1945). Sequential tests of statistical hypotheses. Annals of Mathematical Statistics 16(2).</remarks>
public sealed class SequentialProbabilityRatioTest
{
    private readonly double _onPass;
    private readonly double _onFail;

    /// <summary>Creates the test; throws <see cref="ArgumentOutOfRangeException"/> naming a bad parameter.</summary>
    public SequentialProbabilityRatioTest(double p0, double p1, double alpha = 0.05, double beta = 0.10)
    {
        if (!(p0 > 0 && p0 < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(p0), p0, "p0 must be in (0, 1).");
        }

        if (!(p1 > 0 && p1 < p0))
        {
            throw new ArgumentOutOfRangeException(nameof(p1), p1, "p1 must be in (0, p0).");
        }

        if (!(alpha > 0 && alpha < 0.5))
        {
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "alpha must be in (0, 0.5).");
        }

        if (!(beta > 0 && beta < 0.5))
        {
            throw new ArgumentOutOfRangeException(nameof(beta), beta, "beta must be in (0, 0.5).");
        }

        (_onPass, _onFail) = CusumCalibration.Increments(p0, p1);
        UpperBoundary = Math.Log((1 - beta) / alpha);
        LowerBoundary = Math.Log(beta / (1 - alpha));
    }

    /// <summary>log A: accept the regression at or above it.</summary>
    public double UpperBoundary { get; }

    /// <summary>log B: accept the baseline at or below it.</summary>
    public double LowerBoundary { get; }

    /// <summary>Cumulative log-likelihood ratio log(L₁/L₀).</summary>
    public double LogLikelihoodRatio { get; private set; }

    /// <summary>Checks observed.</summary>
    public long Samples { get; private set; }

    /// <summary>The decision so far (sticky once reached).</summary>
    public SprtDecision Decision { get; private set; }

    /// <summary>Adds counts and returns the decision.</summary>
    public SprtDecision Add(long passed, long failed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(passed);
        ArgumentOutOfRangeException.ThrowIfNegative(failed);
        if (Decision != SprtDecision.Continue)
        {
            return Decision;
        }

        // Walk check by check so the test stops at the first crossing, as Wald's test is defined.
        for (long i = 0; i < passed + failed && Decision == SprtDecision.Continue; i++)
        {
            LogLikelihoodRatio += i < failed ? _onFail : _onPass;
            Samples++;
            if (LogLikelihoodRatio >= UpperBoundary)
            {
                Decision = SprtDecision.AcceptRegression;
            }
            else if (LogLikelihoodRatio <= LowerBoundary)
            {
                Decision = SprtDecision.AcceptBaseline;
            }
        }

        return Decision;
    }
}
