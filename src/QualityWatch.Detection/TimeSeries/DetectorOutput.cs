namespace QualityWatch.Detection.TimeSeries;

/// <summary>What a streaming detector says about one point.</summary>
/// <param name="IsAnomaly">A spike / outlier at this point.</param>
/// <param name="IsChangePoint">A persistent change starts at (or just before) this point.</param>
/// <param name="Score">Normalised score in [0, 1] (1 = certainly abnormal).</param>
/// <param name="RawScore">The detector's raw score (value, SR saliency ratio, forecast error, CUSUM S…).</param>
/// <param name="PValue">Kernel p-value, NaN when the detector has none.</param>
/// <param name="Martingale">Martingale value, NaN when the detector has none.</param>
public readonly record struct DetectorOutput(bool IsAnomaly, bool IsChangePoint, double Score, double RawScore, double PValue, double Martingale)
{
    /// <summary>No alarm, score 0 (used while a detector is still filling its window).</summary>
    public static DetectorOutput Quiet(double raw = double.NaN) => new(false, false, 0, raw, double.NaN, double.NaN);
}
