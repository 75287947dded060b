using System.Collections.Concurrent;
using System.Globalization;
using QualityWatch.Core.Canaries;
using QualityWatch.Core.Findings;
using QualityWatch.Core.Statistics;
using QualityWatch.Core.Telemetry;
using QualityWatch.Detection.Sequential;

namespace QualityWatch.Detection.Engine;

/// <summary>
/// Sampling integrity from log-probabilities: at temperature 0 the emitted token should be the most probable candidate,
/// so a token emitted while a more probable one existed (a greedy violation, counted by the provider adapter) is what a
/// sampler that sometimes drops the top candidate — the 2025 approximate top-k miscompilation — produces, token by
/// token, before answers turn wrong or even change. Per provider × model every inspected token is a Bernoulli trial
/// (violation or not) through Page's CUSUM tuned from the estimated healthy rate r₀ to r₀ +
/// <see cref="DetectionEngineOptions.GreedyViolationIncrease"/>. The finding is of kind
/// <see cref="FindingKinds.SamplingDivergence"/>, the same fault as <see cref="SamplingDivergenceSignal"/>, so the two
/// merge into one alert and incident.
/// </summary>
/// <remarks>
/// A healthy provider is not exactly greedy in what it reports: ties broken the other way, batch-dependent
/// nondeterminism and rounding all show as rare violations. r₀ is therefore estimated from the history (warm-up, then
/// every token the CUSUM cleared; re-estimated as it grows by a quarter) with half a violation of prior weight,
/// (v + ½)/(n + 1), so a clean history still gives a small positive rate, and never below 10⁻⁴; the threshold pays for the estimate's
/// uncertainty (<see cref="CusumCalibration.ThresholdForEstimatedBaseline"/>, as for the pass rate) at ARL₀ =
/// <see cref="DetectionEngineOptions.GreedyViolationArl0"/> tokens.
/// </remarks>
internal sealed class GreedyViolationSignal(DetectionEngineOptions options, EpisodeRecovery recovery)
{
    internal const string Detector = "greedy-violation-cusum";

    /// <summary>The episode's key among the series' open kinds: counts for <see cref="FindingKinds.SamplingDivergence"/>
    /// but ends on this signal's own recovery, not on the answer-divergence signal's.</summary>
    internal const string EpisodeKey = FindingKinds.SamplingDivergence + ":greedy";

    private const double RecalibrationGrowth = 1.25;

    // As for the pass rate: recovered when the tokens since the alarm are twice as strong evidence for r₀ as the alarm
    // was for r₁.
    private const double RecoveryEvidenceFactor = 2;

    private const int ExampleCapacity = 20;

    // r₀ is never taken below one token in ten thousand. Real violations cluster: a case with a near-tie token is asked
    // every round and may flip each time, which a Bernoulli model of independent tokens does not know. Below this floor a
    // clean history would tune the chart so that two violations close together alarm (at r₀ = 3·10⁻⁶, after 150,000
    // clean tokens, one violation moves S by 8.0 against h = 8.0); at the floor it takes about three in a few hundred
    // tokens, still a small fraction of what a top-k fault produces.
    private const double MinimumBaselineRate = 1e-4;

    private static readonly ConcurrentDictionary<(double R0, double R1, long Checks, double Arl), double> Thresholds = new();

    /// <summary>Feeds one round's answered results (one per case) of <paramref name="series"/> (the overall series).</summary>
    public void Observe(CanarySeriesState series, SeriesKey key, IReadOnlyList<CanaryResult> round, List<Finding> findings)
    {
        var state = series.Greedy;
        bool open = series.OpenKinds.Contains(EpisodeKey);
        foreach (var result in round.Where(r => r.LogprobTokens > 0))
        {
            long tokens = result.LogprobTokens!.Value;
            long violations = Math.Clamp(result.GreedyViolations ?? 0, 0, tokens);
            if (violations > 0)
            {
                Remember(state, result, tokens, violations);
            }

            if (state.BaselineRate is null)
            {
                state.BaselineTokens += tokens;
                state.BaselineViolations += violations;
                Recalibrate(state);
                continue;
            }

            var (r0, r1) = Rates(state);
            double h = Threshold(state);
            if (open)
            {
                // Evidence for "back at r₀" against r₁, per token.
                state.RecoveryStatistic = Math.Max(0, state.RecoveryStatistic
                    + ((tokens - violations) * Math.Log((1 - r0) / (1 - r1))) + (violations * Math.Log(r0 / r1)));
            }

            var cusum = new BernoulliCusum(new BernoulliCusumOptions { BaselinePassRate = 1 - r0, DegradedPassRate = 1 - r1, TargetArl0 = options.GreedyViolationArl0 }, h);
            cusum.Restore(state.Statistic, state.ChecksSinceReset);
            bool wasZero = state.Statistic <= 0;
            // Violations first within a call: the order inside one answer is not kept, and this is the conservative one
            // for when the alarm is reported.
            bool alarm = cusum.Add(tokens - violations, violations);
            if (wasZero && (cusum.Statistic > 0 || alarm))
            {
                state.ChangeStart = result.Timestamp;
                state.SinceTokens = 0;
                state.SinceViolations = 0;
            }

            if (state.ChangeStart is not null || alarm)
            {
                state.SinceTokens += tokens;
                state.SinceViolations += violations;
            }

            state.Statistic = cusum.Statistic;
            state.ChecksSinceReset = cusum.ChecksSinceReset;
            if (!alarm && !open && cusum.Statistic <= 0)
            {
                // Back at zero: the excursion (or this call alone) was in control after all and joins the healthy history.
                state.BaselineTokens += state.ChangeStart is null ? tokens : state.SinceTokens;
                state.BaselineViolations += state.ChangeStart is null ? violations : state.SinceViolations;
                state.ChangeStart = null;
                state.SinceTokens = 0;
                state.SinceViolations = 0;
                Recalibrate(state);
            }
            else if (!alarm && cusum.Statistic <= 0)
            {
                state.ChangeStart = null;
            }

            if (!alarm)
            {
                continue;
            }

            if (!series.OpenKinds.Add(EpisodeKey))
            {
                // Alarmed again while its episode is open: fresh evidence that the fault persists.
                state.RecoveryStatistic = 0;
                continue;
            }

            open = true;
            state.RecoveryStatistic = 0;
            findings.Add(Raise(state, key, result.Timestamp, h));
        }

        series.Scores[Detector] = state.BaselineRate is null ? 0 : Math.Clamp(state.Statistic / Threshold(state), 0, 1);
        recovery.EndAfterRecovery(series.OpenKinds, series.RecoveryStreaks, EpisodeKey,
            state.BaselineRate is not null && state.RecoveryStatistic >= RecoveryEvidenceFactor * Threshold(state));
        if (!series.OpenKinds.Contains(EpisodeKey) && open)
        {
            // The episode ended: what followed the alarm starts a fresh excursion.
            state.SinceTokens = 0;
            state.SinceViolations = 0;
        }
    }

    /// <summary>r₀ (the estimated healthy violation rate) and r₁ = r₀ + the increase the CUSUM is tuned for.</summary>
    internal (double R0, double R1) Rates(GreedyViolationState state)
    {
        double r0 = state.BaselineRate ?? 0.001;
        return (r0, Math.Min(0.5, r0 + options.GreedyViolationIncrease));
    }

    internal double Threshold(GreedyViolationState state)
    {
        var (r0, r1) = Rates(state);
        long checks = Math.Max(1, state.BaselineChecks);
        return Thresholds.GetOrAdd((r0, r1, checks, options.GreedyViolationArl0),
            k => CusumCalibration.ThresholdForEstimatedBaseline(1 - k.R0, 1 - k.R1, k.Checks, k.Arl));
    }

    /// <summary>
    /// Sets r₀ once the warm-up is complete and again each time the healthy history has grown by a quarter. Rounded
    /// up to two significant digits (a slightly higher r₀ only makes the chart more tolerant) and the history down to
    /// two (a slightly smaller n only widens the allowance), so nearby series share one cached threshold.
    /// </summary>
    private void Recalibrate(GreedyViolationState state)
    {
        if (state.BaselineTokens < options.GreedyViolationWarmupTokens || state.BaselineTokens < state.NextCalibrationAt)
        {
            return;
        }

        double estimate = (state.BaselineViolations + 0.5) / (state.BaselineTokens + 1.0);
        state.BaselineRate = Math.Clamp(RoundSignificant(estimate, Math.Ceiling), MinimumBaselineRate, 0.4);
        state.BaselineChecks = (long)RoundSignificant(state.BaselineTokens, Math.Floor);
        state.NextCalibrationAt = (long)Math.Ceiling(state.BaselineTokens * RecalibrationGrowth);
    }

    private static double RoundSignificant(double value, Func<double, double> round)
    {
        double scale = Math.Pow(10, Math.Floor(Math.Log10(value)) - 1);
        return round(value / scale) * scale;
    }

    private Finding Raise(GreedyViolationState state, SeriesKey key, DateTimeOffset at, double h)
    {
        var (r0, r1) = Rates(state);
        double baselineRate = state.BaselineTokens == 0 ? r0 : state.BaselineViolations / (double)state.BaselineTokens;
        double currentRate = state.SinceTokens == 0 ? double.NaN : state.SinceViolations / (double)state.SinceTokens;
        var baselineInterval = WilsonInterval.Compute(state.BaselineViolations, state.BaselineTokens);
        var currentInterval = WilsonInterval.Compute(state.SinceViolations, state.SinceTokens);
        return new Finding(
            FindingKinds.SamplingDivergence,
            Detector,
            key,
            FindingFactory.Segment(key),
            at,
            state.ChangeStart ?? at,
            "CUSUM S (log-likelihood ratio)",
            h,
            h,
            null,
            Math.Exp(h),
            new ValueWithInterval(baselineRate, baselineInterval.Low, baselineInterval.High, state.BaselineTokens, "greedy-violation-share"),
            new ValueWithInterval(currentRate, currentInterval.Low, currentInterval.High, state.SinceTokens, "greedy-violation-share"),
            string.Create(CultureInfo.InvariantCulture,
                $"{state.SinceViolations} of {state.SinceTokens} temperature-0 tokens of {key.Provider}/{key.Model} were not the top candidate ({currentRate:P2}), " +
                $"baseline {baselineRate:P3} ({state.BaselineViolations} of {state.BaselineTokens}; CUSUM tuned for {r0:0.####%} → {r1:0.####%}, ARL₀ {options.GreedyViolationArl0:N0} tokens) — ") +
            "the sampler is emitting tokens other than the most probable one.",
            state.RecentViolations.TakeLast(options.MaxExamples).Select(e => new FindingExample(e.Timestamp, e.Title, e.Expected, e.Actual, e.Attributes)).ToList());
    }

    private static void Remember(GreedyViolationState state, CanaryResult result, long tokens, long violations)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["case_id"] = result.CaseId,
            ["suite"] = result.Suite,
            ["logprob_tokens"] = tokens.ToString(CultureInfo.InvariantCulture),
            ["greedy_violations"] = violations.ToString(CultureInfo.InvariantCulture),
        };
        FindingFactory.WithTrace(attributes, result);
        state.RecentViolations.Add(new ExampleRecord
        {
            Timestamp = result.Timestamp,
            Title = string.Create(CultureInfo.InvariantCulture, $"{result.Suite}/{result.CaseId}: {violations} of {tokens} tokens were not the top candidate"),
            Expected = "the most probable candidate at every position (temperature 0)",
            Actual = result.Actual,
            Attributes = attributes,
        });
        if (state.RecentViolations.Count > ExampleCapacity)
        {
            state.RecentViolations.RemoveAt(0);
        }
    }
}
