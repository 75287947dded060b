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
    public bool Observe(QualityState state, bool passed, string? category, DateTimeOffset at)
    {
        if (category is not null)
        {
            var bucket = state.BaselinePassRate is null || state.ChangeStart is null ? state.CategoryBaseline : state.CategorySince;
            var counts = bucket.TryGetValue(category, out var c) ? c : bucket[category] = new long[2];
            counts[0] += passed ? 1 : 0;
            counts[1]++;
        }

        if (state.BaselinePassRate is null)
        {
            state.WarmupPassed += passed ? 1 : 0;
            state.WarmupTotal++;
            if (state.WarmupTotal >= options.QualityWarmupChecks)
            {
                // Rounded so series with similar baselines share one calibrated threshold.
                double estimate = Math.Round(state.WarmupPassed / (double)state.WarmupTotal / 0.005) * 0.005;
                state.BaselinePassRate = Math.Clamp(estimate, Math.Min(0.5, 1 - options.MinimumDetectableDrop), 0.995);
            }

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

    /// <summary>Recovered: the recent pass rate's Wilson upper bound is back at the baseline.</summary>
    public bool Recovered(QualityState state)
    {
        double total = state.RecentTotal.SumOfLast(state.RecentTotal.Count);
        if (state.BaselinePassRate is null || total < options.QualityWarmupChecks / 2.0)
        {
            return false;
        }

        var (_, high) = Statistics.WilsonInterval.Compute((long)state.RecentPassed.SumOfLast(state.RecentPassed.Count), (long)total);
        return high >= state.BaselinePassRate.Value;
    }
}
