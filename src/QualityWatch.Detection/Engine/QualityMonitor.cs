using System.Collections.Concurrent;
using QualityWatch.Detection.Sequential;

namespace QualityWatch.Detection.Engine;

/// <summary>
/// Drives a <see cref="QualityState"/>: warm-up baseline, then the Bernoulli CUSUM check by check, tuned to the
/// estimated baseline and with a threshold that pays for the estimate's uncertainty
/// (<see cref="CusumCalibration.ThresholdForEstimatedBaseline"/>). Self-starting: every healthy check joins the baseline
/// once it is older than a lag (<see cref="LagFor"/>), and the baseline is re-estimated as it grows.
/// </summary>
internal sealed class QualityMonitor(DetectionEngineOptions options)
{
    // Re-estimated each time the healthy history grows by a quarter: the threshold's estimation allowance shrinks
    // like 1/√n, so it should follow the history closely, and each distinct (p₀, n) costs one calibration (cached).
    private const double RecalibrationGrowth = 1.25;

    // p₀ is rounded to this grid so series with nearly equal baselines share one cached threshold; the error (at most
    // half a step) is small against the estimate's standard error at any history the CUSUM can use (0.003 at n = 6,000).
    private const double BaselineGrid = 0.001;

    // Twice the mean delay: the delay's distribution has a long right tail; a fault still undetected after two mean
    // delays is smaller than the chart is tuned for, and a longer lag keeps an optimistic estimate longer.
    private const double LagFactor = 2;

    private static readonly ConcurrentDictionary<(double P0, double P1, long Checks, double Arl), double> Thresholds = new();

    // The known-parameter chart's mean delay per (p₀, p₁, ARL₀): one chain solve each, shared by every series.
    private static readonly ConcurrentDictionary<(double P0, double P1, double Arl), double> Delays = new();

    public static double ThresholdFor(double p0, double p1, long baselineChecks, double arl0) =>
        Thresholds.GetOrAdd((p0, p1, baselineChecks, arl0), k => CusumCalibration.ThresholdForEstimatedBaseline(k.P0, k.P1, k.Checks, k.Arl));

    /// <summary>
    /// How many checks a healthy check waits before it joins the baseline: <see cref="LagFactor"/> × the mean delay of
    /// the known-parameter chart for the drop it is tuned to (exact chain ARL at p₁), so a fault of that size is usually
    /// alarmed on before its first check could pull p₀ towards it; but never more than the baseline itself, so a young
    /// baseline (whose estimate is the least certain) keeps growing and an optimistic estimate is corrected soon.
    /// </summary>
    public static long LagFor(double p0, double p1, long baselineChecks, double arl0)
    {
        double delay = Delays.GetOrAdd((p0, p1, arl0), k => CusumCalibration.Arl(k.P0, k.P1, k.P1, CusumCalibration.Threshold(k.P0, k.P1, k.Arl)));
        return Math.Max(1, Math.Min((long)Math.Ceiling(LagFactor * delay), baselineChecks));
    }

    public (double P0, double P1) Rates(QualityState state)
    {
        double p0 = state.BaselinePassRate ?? 0.95;
        return (p0, Math.Max(0.005, p0 - options.MinimumDetectableDrop));
    }

    public double Threshold(QualityState state)
    {
        var (p0, p1) = Rates(state);
        // States saved before the baseline's size was recorded fall back to the warm-up count (a larger n, so a slightly
        // smaller threshold until the next re-estimate records it).
        long checks = state.BaselineChecks > 0 ? state.BaselineChecks : Math.Max(1, state.WarmupTotal);
        return ThresholdFor(p0, p1, checks, options.QualityArl0);
    }

    /// <summary>Feeds one check; returns true when the CUSUM alarms.</summary>
    public bool Observe(QualityState state, bool passed, string? category, DateTimeOffset at, bool alarmOpen)
    {
        if (state.BaselinePassRate is null)
        {
            if (!alarmOpen)
            {
                state.WarmupPassed += passed ? 1 : 0;
                state.WarmupTotal++;
                Recalibrate(state);
            }

            CountCategory(state, passed, category);
            return false;
        }

        CountCategory(state, passed, category);
        var (p0, p1) = Rates(state);
        if (state.BaselineLag == 0)
        {
            // A state saved before the lag existed.
            state.BaselineLag = LagFor(p0, p1, Math.Max(1, state.BaselineChecks > 0 ? state.BaselineChecks : state.WarmupTotal), options.QualityArl0);
        }

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

        if (alarm)
        {
            // The checks still waiting may already be the fault's: none of them joins the baseline.
            state.Pending.Clear();
        }
        else if (!alarmOpen)
        {
            // Every healthy check joins the baseline once it is older than the lag, whatever the statistic did since.
            // Joining only when the statistic came back to zero (the earlier rule) let an optimistic first estimate
            // lock itself in: the chart then drifts up, rarely returns to zero, the baseline stops growing and the
            // estimate is never corrected, until a false alarm (13× the budgeted rate on i.i.d. checks).
            state.Pending.Enqueue(passed);
            while (state.Pending.Count > state.BaselineLag)
            {
                state.WarmupPassed += state.Pending.Dequeue() ? 1 : 0;
                state.WarmupTotal++;
            }
        }

        if (state.ChangeStart is not null || alarm)
        {
            state.SincePassed += passed ? 1 : 0;
            state.SinceTotal++;
        }

        state.Statistic = cusum.Statistic;
        state.ChecksSinceReset = cusum.ChecksSinceReset;
        if (!alarmOpen && !alarm)
        {
            Recalibrate(state);
        }

        return alarm;
    }

    /// <summary>
    /// Sets p₀ to the baseline's pass rate once the warm-up is complete and again each time the baseline has grown by a
    /// quarter. Only called with the statistic at zero, where a new p₀ changes no evidence already accumulated.
    /// </summary>
    private void Recalibrate(QualityState state)
    {
        if (state.WarmupTotal < options.QualityWarmupChecks || state.WarmupTotal < state.NextCalibrationAt)
        {
            return;
        }

        double rate = state.WarmupPassed / (double)state.WarmupTotal;
        double estimate = Math.Round(rate / BaselineGrid) * BaselineGrid;
        state.BaselinePassRate = Math.Clamp(estimate, Math.Min(0.5, 1 - options.MinimumDetectableDrop), 0.995);
        state.BaselineChecks = state.WarmupTotal;
        state.NextCalibrationAt = (long)Math.Ceiling(state.WarmupTotal * RecalibrationGrowth);
        var (p0, p1) = Rates(state);
        state.BaselineLag = LagFor(p0, p1, state.BaselineChecks, options.QualityArl0);
    }

    private static void CountCategory(QualityState state, bool passed, string? category)
    {
        if (category is null)
        {
            return;
        }

        var bucket = state.BaselinePassRate is null || state.ChangeStart is null ? state.CategoryBaseline : state.CategorySince;
        var counts = bucket.TryGetValue(category, out var c) ? c : bucket[category] = new long[2];
        counts[0] += passed ? 1 : 0;
        counts[1]++;
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
