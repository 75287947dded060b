using QualityWatch.Detection.Shift;
using QualityWatch.Detection.Statistics;

namespace QualityWatch.Detection.Signatures;

/// <summary>
/// Routing anomaly: a second latency population appears in one segment (requests silently served by another region or
/// model). The current sample differs from the baseline (two-sample KS) and has become bimodal (Sarle's coefficient
/// above 5/9) while the baseline was not.
/// </summary>
internal static class RoutingAnomalyDetector
{
    public const int MinimumSample = 20;

    public static (bool Alarm, double KsStatistic, double PValue, double BaselineBimodality, double CurrentBimodality) Evaluate(IReadOnlyList<double> baseline, IReadOnlyList<double> current, double alpha)
    {
        if (baseline.Count < MinimumSample || current.Count < MinimumSample)
        {
            return (false, 0, 1, double.NaN, double.NaN);
        }

        var ks = KolmogorovSmirnov.Test(baseline, current);
        double before = BimodalityCoefficient.Compute(baseline);
        double after = BimodalityCoefficient.Compute(current);
        bool alarm = ks.PValue < alpha
            && after > BimodalityCoefficient.UniformThreshold
            && !(before > BimodalityCoefficient.UniformThreshold);
        return (alarm, ks.Statistic, ks.PValue, before, after);
    }
}
