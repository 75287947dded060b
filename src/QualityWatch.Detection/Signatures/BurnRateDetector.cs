using MathNet.Numerics.Distributions;
using QualityWatch.Detection.Engine;

namespace QualityWatch.Detection.Signatures;

/// <summary>
/// Availability: multi-window, multi-burn-rate alerts from the Google SRE workbook (ch. 5, "Alerting on SLOs"): page when
/// both the long and the short window burn the error budget at ≥ 14.4× (1 h / 5 min) or ≥ 6× (6 h / 30 min). The short
/// window makes the alert stop soon after the errors stop.
/// <para>The workbook's rules assume windows full of traffic. A series' first minutes, or a quiet one, fill the long
/// window with a few dozen calls, where one error is a 17× burn. So a page also needs the long window's errors to be
/// more than the SLO itself could plausibly produce: P(X ≥ errors) under Binomial(calls, 1 − SLO) at most
/// <see cref="MaximumBudgetProbability"/>. One error in 60 calls (p = 0.058 at 99.9 %) pages nobody; three do
/// (p = 3·10⁻⁵), and so does an hour at 14.4× on any busy series.</para>
/// </summary>
internal static class BurnRateDetector
{
    internal static readonly (int Long, int Short, double Factor)[] Rules = [(60, 5, 14.4), (360, 30, 6)];

    public const int MinimumCalls = 20;

    /// <summary>Largest probability that the SLO's own error rate produced the long window's errors for a page.</summary>
    public const double MaximumBudgetProbability = 1e-3;

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
            bool alarm = longCalls >= MinimumCalls && longBurn >= factor && shortBurn >= factor && BeyondTheBudget(longErrors, longCalls, budget);
            var verdict = new BurnRateVerdict(alarm, longBurn, shortBurn, longMinutes, shortMinutes, factor, longErrors, longCalls);
            if (worst is null || (alarm && !worst.Alarm) || (alarm == worst.Alarm && longBurn / factor > worst.LongBurnRate / worst.Factor))
            {
                worst = verdict;
            }
        }

        return worst!;
    }

    /// <summary>P(X ≥ errors) for X ~ Binomial(calls, budget) is at most <see cref="MaximumBudgetProbability"/>.</summary>
    private static bool BeyondTheBudget(double errors, double calls, double budget)
    {
        if (errors <= 0)
        {
            return false;
        }

        int n = (int)Math.Min(calls, int.MaxValue);
        int k = (int)Math.Min(errors, n);
        return 1 - Binomial.CDF(budget, n, k - 1) <= MaximumBudgetProbability;
    }

    /// <summary>Score in [0, 1]: 1 when the worst rule is at its factor.</summary>
    public static double Score(BurnRateVerdict verdict) =>
        Math.Clamp(Math.Min(verdict.LongBurnRate, verdict.ShortBurnRate) / verdict.Factor, 0, 1);
}
