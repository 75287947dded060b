namespace QualityWatch.Detection.Sequential;

/// <summary>
/// Page's CUSUM on the Bernoulli log-likelihood ratio: S ← max(0, S + log LR(check)), alarm when S ≥ h, then reset.
/// The optimal (Lorden/Moustakides) detector for a known p₀ → p₁ drop; O(1) per check.
/// </summary>
/// <remarks>Page, E. S. (1954). Continuous inspection schemes. Biometrika 41. The change start is estimated as the
/// last time S left zero (the maximum-likelihood change point for CUSUM).</remarks>
public sealed class BernoulliCusum
{
    private readonly double _onPass;
    private readonly double _onFail;

    /// <summary>Creates the detector; h is calibrated from <paramref name="options"/>.</summary>
    public BernoulliCusum(BernoulliCusumOptions options)
        : this(options, CalibratedThreshold(options))
    {
    }

    /// <summary>Creates the detector with a known threshold (avoids recalibrating for many series).</summary>
    public BernoulliCusum(BernoulliCusumOptions options, double threshold)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        (_onPass, _onFail) = CusumCalibration.Increments(options.BaselinePassRate, options.DegradedPassRate);
        Threshold = threshold;
    }

    /// <summary>The options.</summary>
    public BernoulliCusumOptions Options { get; }

    /// <summary>Threshold h on S.</summary>
    public double Threshold { get; }

    /// <summary>Current statistic S ≥ 0.</summary>
    public double Statistic { get; private set; }

    /// <summary>Checks seen since S last left zero (the estimated change is that many checks ago).</summary>
    public long ChecksSinceReset { get; private set; }

    /// <summary>Adds <paramref name="passed"/> passes and <paramref name="failed"/> failures (one bucket) and reports
    /// whether S crossed h. After an alarm S restarts from zero.</summary>
    public bool Add(long passed, long failed)
    {
        bool alarm = false;
        for (long i = 0; i < failed + passed; i++)
        {
            // Interleave within a bucket: order inside one minute is unknown, failures first is the conservative choice
            // for the alarm time of the bucket as a whole, and the bucket is what we report.
            bool fail = i < failed;
            alarm |= Step(fail);
        }

        return alarm;
    }

    /// <summary>One check.</summary>
    public bool Step(bool failed)
    {
        double next = Statistic + (failed ? _onFail : _onPass);
        if (next <= 0)
        {
            Statistic = 0;
            ChecksSinceReset = 0;
            return false;
        }

        Statistic = next;
        ChecksSinceReset++;
        if (Statistic >= Threshold)
        {
            Statistic = 0;
            ChecksSinceReset = 0;
            return true;
        }

        return false;
    }

    /// <summary>Restores a saved statistic.</summary>
    public void Restore(double statistic, long checksSinceReset)
    {
        Statistic = Math.Max(0, statistic);
        ChecksSinceReset = Math.Max(0, checksSinceReset);
    }

    private static double CalibratedThreshold(BernoulliCusumOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return CusumCalibration.Threshold(options.BaselinePassRate, options.DegradedPassRate, options.TargetArl0);
    }
}
