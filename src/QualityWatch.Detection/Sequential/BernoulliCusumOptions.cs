namespace QualityWatch.Detection.Sequential;

/// <summary>CUSUM for a pass rate dropping from <see cref="BaselinePassRate"/> to <see cref="DegradedPassRate"/>,
/// calibrated so the in-control average run length between false alarms is <see cref="TargetArl0"/> checks.</summary>
public sealed record BernoulliCusumOptions
{
    /// <summary>In-control pass probability p₀ (e.g. 0.95).</summary>
    public double BaselinePassRate { get; init; } = 0.95;

    /// <summary>Out-of-control pass probability p₁ &lt; p₀ the test is tuned to detect (e.g. 0.90).</summary>
    public double DegradedPassRate { get; init; } = 0.90;

    /// <summary>Average number of in-control checks between false alarms.</summary>
    public double TargetArl0 { get; init; } = 10_000;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the parameter and its range.</summary>
    public void Validate()
    {
        if (!(BaselinePassRate > 0 && BaselinePassRate < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(BaselinePassRate), BaselinePassRate, "BaselinePassRate must be in (0, 1).");
        }

        if (!(DegradedPassRate > 0 && DegradedPassRate < BaselinePassRate))
        {
            throw new ArgumentOutOfRangeException(nameof(DegradedPassRate), DegradedPassRate, "DegradedPassRate must be in (0, BaselinePassRate).");
        }

        if (!(TargetArl0 >= 10 && TargetArl0 <= 1e8))
        {
            throw new ArgumentOutOfRangeException(nameof(TargetArl0), TargetArl0, "TargetArl0 must be in [10, 1e8].");
        }
    }
}
