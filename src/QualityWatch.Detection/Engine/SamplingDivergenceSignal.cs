using QualityWatch.Core.Canaries;
using QualityWatch.Core.Findings;
using QualityWatch.Core.Statistics;
using QualityWatch.Core.Telemetry;

namespace QualityWatch.Detection.Engine;

/// <summary>
/// Sampling integrity from temperature-0 canaries: a case asked at temperature 0 gives the same bytes every time, so a
/// passing answer that differs from the case's usual passing answer — a different token anywhere — is a divergence. A
/// sampler that sometimes skips the most probable token (the 2025 approximate top-k miscompilation) makes many answers
/// diverge while few turn wrong, so the divergence rate moves long before the pass rate does. Per provider × model,
/// agreement with the usual answer runs through the same estimated-baseline Bernoulli CUSUM as the pass rate
/// (<see cref="QualityMonitor"/>). Failed answers are left to the pass rate; cases whose passing answers have no
/// dominant form (sampled at a temperature above 0) do not count.
/// </summary>
internal sealed class SamplingDivergenceSignal(DetectionEngineOptions options, QualityMonitor monitor, EpisodeRecovery recovery)
{
    internal const string Detector = "temperature-zero-divergence";

    // Divergent answers kept as examples for the finding.
    private const int ExampleCapacity = 20;

    /// <summary>Feeds one round's answered results (one per case) of <paramref name="series"/> (the overall series).</summary>
    public void Observe(CanarySeriesState series, SeriesKey key, IReadOnlyList<CanaryResult> round, List<Finding> findings)
    {
        var state = series.Divergence;
        bool open = series.OpenKinds.Contains(FindingKinds.SamplingDivergence);
        // Passing answers only: an answer that turned wrong is the pass rate's evidence (and differs from the usual one
        // by construction); a right answer in other bytes is what only this signal sees.
        foreach (var result in round.Where(r => r.Outcome == CanaryOutcome.Passed))
        {
            string caseKey = $"{result.Suite}/{result.CaseId}";
            if (!series.CaseAnswers.TryGetValue(caseKey, out var tally))
            {
                tally = new CaseAnswerTally();
                series.CaseAnswers[caseKey] = tally;
            }

            string answer = CaseAnswerTally.KeyOf(result.Actual);
            string? usual = tally.Usual();
            tally.Add(answer);
            if (usual is null)
            {
                continue;
            }

            bool agreed = string.Equals(answer, usual, StringComparison.Ordinal);
            if (!agreed)
            {
                Remember(state, result, usual);
            }

            if (open)
            {
                monitor.ObserveWhileOpen(state, agreed);
            }

            if (!monitor.Observe(state, agreed, null, result.Timestamp, open))
            {
                continue;
            }

            if (!series.OpenKinds.Add(FindingKinds.SamplingDivergence))
            {
                // Alarmed again while its episode is open: fresh evidence that the fault persists.
                state.RecoveryStatistic = 0;
                continue;
            }

            open = true;
            state.RecoveryPassed = 0;
            state.RecoveryTotal = 0;
            state.RecoveryStatistic = 0;
            findings.Add(Raise(state, key, result.Timestamp));
        }

        series.Scores[Detector] = state.BaselinePassRate is null ? 0 : Math.Clamp(state.Statistic / monitor.Threshold(state), 0, 1);
        recovery.EndAfterRecovery(series.OpenKinds, series.RecoveryStreaks, FindingKinds.SamplingDivergence, monitor.Recovered(state));
    }

    private Finding Raise(QualityState state, SeriesKey key, DateTimeOffset at)
    {
        var (p0, p1) = monitor.Rates(state);
        double h = monitor.Threshold(state);
        double baselineRate = state.WarmupTotal == 0 ? p0 : state.WarmupPassed / (double)state.WarmupTotal;
        double currentRate = state.SinceTotal == 0 ? double.NaN : state.SincePassed / (double)state.SinceTotal;
        var baselineInterval = WilsonInterval.Compute(state.WarmupPassed, state.WarmupTotal);
        var currentInterval = WilsonInterval.Compute(state.SincePassed, state.SinceTotal);
        long diverged = state.SinceTotal - state.SincePassed;
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
            // Shares of passing answers identical to the usual one: what the alert page's chart plots.
            new ValueWithInterval(baselineRate, baselineInterval.Low, baselineInterval.High, state.WarmupTotal, "identical-share"),
            new ValueWithInterval(currentRate, currentInterval.Low, currentInterval.High, state.SinceTotal, "identical-share"),
            $"{diverged} of {state.SinceTotal} passing temperature-0 canary answers of {key.Provider}/{key.Model} differed from their case's usual answer " +
            $"({1 - currentRate:P1}, against {1 - baselineRate:P1} before; CUSUM tuned for {1 - p0:P1} → {1 - p1:P1}, ARL₀ {options.QualityArl0:N0}) — " +
            "the sampler is picking tokens other than the most probable while the answers still pass.",
            state.RecentFailures.TakeLast(options.MaxExamples).Select(e => new FindingExample(e.Timestamp, e.Title, e.Expected, e.Actual, e.Attributes)).ToList());
    }

    private static void Remember(QualityState state, CanaryResult result, string usual)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["case_id"] = result.CaseId,
            ["suite"] = result.Suite,
            ["outcome"] = result.Outcome.ToString().ToLowerInvariant(),
        };
        FindingFactory.WithTrace(attributes, result);
        state.RecentFailures.Add(new ExampleRecord
        {
            Timestamp = result.Timestamp,
            Title = $"{result.Suite}/{result.CaseId} answered differently ({result.Outcome.ToString().ToLowerInvariant()})",
            Expected = Visible(usual),
            Actual = Visible(result.Actual ?? string.Empty),
            Attributes = attributes,
        });
        if (state.RecentFailures.Count > ExampleCapacity)
        {
            state.RecentFailures.RemoveAt(0);
        }
    }

    // Divergences are often invisible characters (a trailing newline); show them.
    private static string Visible(string text) => text.Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
