using QualityWatch.Detection.Engine;

namespace QualityWatch.Detection.Signatures;

/// <summary>
/// Availability: multi-window, multi-burn-rate alerts from the Google SRE workbook (ch. 5, "Alerting on SLOs"): page when
/// both the long and the short window burn the error budget at ≥ 14.4× (1 h / 5 min) or ≥ 6× (6 h / 30 min). The short
/// window makes the alert stop soon after the errors stop.
/// </summary>
internal static class BurnRateDetector
{
    internal static readonly (int Long, int Short, double Factor)[] Rules = [(60, 5, 14.4), (360, 30, 6)];

    public const int MinimumCalls = 20;

    public static BurnRateVerdict Evaluate(CountWindow calls, CountWindow errors, double slo)
    {
        double budget = 1 - slo;
        BurnRateVerdict? worst = null;
        foreach (var (longMinutes, shortMinutes, factor) in Rules)
        {
            double longCalls = calls.SumOfLast(longMinutes);
            double longErrors = errors.SumOfLast(longMinutes);
            double shortCalls = calls.SumOfLast(shortMinutes);
            double shortErrors = errors.SumOfLast(shortMinutes);
            double longBurn = longCalls > 0 ? longErrors / longCalls / budget : 0;
            double shortBurn = shortCalls > 0 ? shortErrors / shortCalls / budget : 0;
            bool alarm = longCalls >= MinimumCalls && longBurn >= factor && shortBurn >= factor;
            var verdict = new BurnRateVerdict(alarm, longBurn, shortBurn, longMinutes, shortMinutes, factor, longErrors, longCalls);
            if (worst is null || (alarm && !worst.Alarm) || (alarm == worst.Alarm && longBurn / factor > worst.LongBurnRate / worst.Factor))
            {
                worst = verdict;
            }
        }

        return worst!;
    }

    /// <summary>Score in [0, 1]: 1 when the worst rule is at its factor.</summary>
    public static double Score(BurnRateVerdict verdict) =>
        Math.Clamp(Math.Min(verdict.LongBurnRate, verdict.ShortBurnRate) / verdict.Factor, 0, 1);
}
