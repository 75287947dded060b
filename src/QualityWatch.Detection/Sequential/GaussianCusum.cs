namespace QualityWatch.Detection.Sequential;

/// <summary>
/// Two-sided tabular CUSUM on standardised values: S⁺ ← max(0, S⁺ + z − k), S⁻ ← max(0, S⁻ − z − k), alarm at h.
/// k = 0.5, h = 5 gives ARL₀ ≈ 465 per side and detects a one-sigma shift in ≈ 10 points (Montgomery, Introduction to
/// Statistical Quality Control, §9.1). Mean and sd come from a reference window.
/// </summary>
public sealed class GaussianCusum(double mean, double standardDeviation, double k = 0.5, double h = 5)
{
    private readonly double _sd = standardDeviation > 1e-12 ? standardDeviation : 1e-12;

    /// <summary>Upper-side statistic S⁺.</summary>
    public double High { get; private set; }

    /// <summary>Lower-side statistic S⁻.</summary>
    public double Low { get; private set; }

    /// <summary>Alarm threshold h (in σ).</summary>
    public double Threshold => h;

    /// <summary>Adds one value; true on an alarm (both sides then restart).</summary>
    public bool Step(double value)
    {
        double z = (value - mean) / _sd;
        High = Math.Max(0, High + z - k);
        Low = Math.Max(0, Low - z - k);
        if (High >= h || Low >= h)
        {
            High = 0;
            Low = 0;
            return true;
        }

        return false;
    }

    /// <summary>max(S⁺, S⁻)/h, clamped to [0, 1].</summary>
    public double Score => Math.Clamp(Math.Max(High, Low) / h, 0, 1);
}
