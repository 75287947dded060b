using System.Collections.Concurrent;
using QualityWatch.Detection.Sequential;

namespace QualityWatch.Detection.Engine;

/// <summary>Drives a <see cref="QualityState"/>: warm-up baseline, then the calibrated Bernoulli CUSUM check by check.</summary>
internal sealed class QualityMonitor(DetectionEngineOptions options)
{
    private static readonly ConcurrentDictionary<(double P0, double P1, double Arl), double> Thresholds = new();

    public static double ThresholdFor(double p0, double p1, double arl0) =>
        Thresholds.GetOrAdd((p0, p1, arl0), k => CusumCalibration.Threshold(k.P0, k.P1, k.Arl));

    public (double P0, double P1) Rates(QualityState state)
    {
        double p0 = state.BaselinePassRate ?? 0.95;
        return (p0, Math.Max(0.005, p0 - options.MinimumDetectableDrop));
    }

    public double Threshold(QualityState state)
    {
        var (p0, p1) = Rates(state);
        return ThresholdFor(p0, p1, options.QualityArl0);
    }

    /// <summary>Feeds one check; returns true when the CUSUM alarms.</summary>
    public bool Observe(QualityState state, bool passed, string? category, DateTimeOffset at, bool alarmOpen)
    {
        if (!alarmOpen)
        {
            state.WarmupPassed += passed ? 1 : 0;
            state.WarmupTotal++;
            if (state.WarmupTotal >= options.QualityWarmupChecks && state.WarmupTotal >= state.NextCalibrationAt)
            {
                // Two standard errors below the estimate: an optimistic p₀ from a short warm-up turns ordinary noise into
                // alarms (a CUSUM tuned for p₀ drifts upwards whenever the true rate is below it), and with dozens of series
                // one of them is always 1 SE lucky. Re-estimated as the healthy history doubles, so p₀ converges on the true
                // baseline; rounded so series with similar baselines share one calibrated threshold.
                double rate = state.WarmupPassed / (double)state.WarmupTotal;
                double conservative = rate - (2 * Math.Sqrt(rate * (1 - rate) / state.WarmupTotal));
                double estimate = Math.Round(conservative / 0.005) * 0.005;
                state.BaselinePassRate = Math.Clamp(estimate, Math.Min(0.5, 1 - options.MinimumDetectableDrop), 0.995);
                state.NextCalibrationAt = state.WarmupTotal * 2;
            }
        }

        if (category is not null)
        {
            var bucket = state.BaselinePassRate is null || state.ChangeStart is null ? state.CategoryBaseline : state.CategorySince;
            var counts = bucket.TryGetValue(category, out var c) ? c : bucket[category] = new long[2];
            counts[0] += passed ? 1 : 0;
            counts[1]++;
        }

        if (state.BaselinePassRate is null)
        {
            return false;
        }

        var (p0, p1) = Rates(state);
        var cusum = new BernoulliCusum(new BernoulliCusumOptions { BaselinePassRate = p0, DegradedPassRate = p1, TargetArl0 = options.QualityArl0 }, Threshold(state));
        cusum.Restore(state.Statistic, state.ChecksSinceReset);
        bool wasZero = state.Statistic <= 0;
        double before = cusum.Statistic;
        bool alarm = cusum.Step(!passed);
        if (wasZero && (cusum.Statistic > 0 || alarm))
        {
            state.ChangeStart = at;
            state.SincePassed = 0;
            state.SinceTotal = 0;
            state.CategorySince.Clear();
            if (category is not null)
            {
                state.CategorySince[category] = [passed ? 1 : 0, 1];
            }
        }

        if (!alarm && cusum.Statistic <= 0 && before > 0)
        {
            state.ChangeStart = null;
            foreach (var (cat, counts) in state.CategorySince)
            {
                var baseline = state.CategoryBaseline.TryGetValue(cat, out var b) ? b : state.CategoryBaseline[cat] = new long[2];
                baseline[0] += counts[0];
                baseline[1] += counts[1];
            }

            state.CategorySince.Clear();
        }

        if (state.ChangeStart is not null || alarm)
        {
            state.SincePassed += passed ? 1 : 0;
            state.SinceTotal++;
        }

        state.Statistic = cusum.Statistic;
        state.ChecksSinceReset = cusum.ChecksSinceReset;
        return alarm;
    }

    /// <summary>
    /// Counts a check towards recovery while an alarm is open: a CUSUM in the other direction, accumulating the
    /// log-likelihood ratio of the frozen baseline p₀ against the degraded p₁. It drifts down while the fault persists
    /// (even a fault smaller than the one the alarm was tuned for) and up once the pass rate is back at the baseline.
    /// </summary>
    public void ObserveWhileOpen(QualityState state, bool passed)
    {
        state.RecoveryPassed += passed ? 1 : 0;
        state.RecoveryTotal++;
        if (state.BaselinePassRate is null)
        {
            return;
        }

        var (p0, p1) = Rates(state);
        double step = passed ? Math.Log(p0 / p1) : Math.Log((1 - p0) / (1 - p1));
        state.RecoveryStatistic = Math.Max(0, state.RecoveryStatistic + step);
    }

    /// <summary>
    /// Recovered: the recovery CUSUM reached twice the alarm's threshold, i.e. the checks since the alarm are stronger
    /// evidence for "back at the pre-incident baseline" than the alarm was for "degraded". A point estimate near the
    /// baseline is not enough: a few hundred checks of a 3-point drop reach it by chance every few hours.
    /// </summary>
    public bool Recovered(QualityState state) =>
        state.BaselinePassRate is not null && state.RecoveryStatistic >= RecoveryEvidenceFactor * Threshold(state);

    // Twice the alarm's evidence: a fault smaller than the one the CUSUM is tuned for sits near the midpoint of p₀ and
    // p₁, where the recovery statistic is a driftless random walk that reaches the alarm threshold within a day or two
    // (the demo's top-k fault did, 17 hours after it was detected). Twice the threshold takes about four times longer
    // for such a walk, while a real return to p₀ (positive drift) takes only twice as long.
    private const double RecoveryEvidenceFactor = 2;
}
