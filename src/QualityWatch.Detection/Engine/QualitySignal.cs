using QualityWatch.Core.Canaries;
using QualityWatch.Core.Findings;
using QualityWatch.Core.Statistics;
using QualityWatch.Core.Telemetry;
using QualityWatch.Detection.Localization;
using QualityWatch.Detection.Shift;
using QualityWatch.Detection.Signatures;
using QualityWatch.Detection.Statistics;

namespace QualityWatch.Detection.Engine;

/// <summary>
/// Pass/fail checks of one series (canary rounds or evaluation events) through its Bernoulli CUSUM
/// (<see cref="QualityMonitor"/>): raises the quality regression with its localisation, and ends the episode on
/// evidence of recovery.
/// </summary>
internal sealed class QualitySignal(DetectionEngineOptions options, QualityMonitor monitor, EpisodeRecovery recovery)
{
    private readonly DetectionEngineOptions _options = options;
    private readonly QualityMonitor _quality = monitor;

    public void Observe(QualityState state, HashSet<string> openKinds, Dictionary<string, double> scores, SeriesKey key, long passed, long total, DateTimeOffset at, List<Finding> findings, IReadOnlyList<CanaryResult> round)
    {
        state.RecentPassed.Add(passed);
        state.RecentTotal.Add(total);
        if (round.Count > 0)
        {
            foreach (var result in round)
            {
                bool pass = result.Outcome == CanaryOutcome.Passed;
                if (openKinds.Contains(FindingKinds.QualityRegression))
                {
                    _quality.ObserveWhileOpen(state, pass);
                }

                if (!pass)
                {
                    RememberFailure(state, result);
                }

                if (_quality.Observe(state, pass, result.Category, result.Timestamp, openKinds.Contains(FindingKinds.QualityRegression)))
                {
                    RaiseQuality(state, openKinds, key, result.Timestamp, findings);
                }
            }
        }
        else
        {
            for (long i = 0; i < total; i++)
            {
                if (openKinds.Contains(FindingKinds.QualityRegression))
                {
                    _quality.ObserveWhileOpen(state, i >= total - passed);
                }

                if (_quality.Observe(state, i >= total - passed, null, at, openKinds.Contains(FindingKinds.QualityRegression)))
                {
                    RaiseQuality(state, openKinds, key, at, findings);
                }
            }
        }

        scores["bernoulli-cusum"] = state.BaselinePassRate is null ? 0 : Math.Clamp(state.Statistic / _quality.Threshold(state), 0, 1);
        recovery.EndAfterRecovery(openKinds, state.RecoveryStreaks, FindingKinds.QualityRegression, _quality.Recovered(state));
    }

    private void RaiseQuality(QualityState state, HashSet<string> openKinds, SeriesKey key, DateTimeOffset at, List<Finding> findings)
    {
        if (!openKinds.Add(FindingKinds.QualityRegression))
        {
            // The alarm fired again while its episode is open: fresh evidence that the fault persists.
            state.RecoveryStatistic = 0;
            return;
        }

        state.RecoveryPassed = 0;
        state.RecoveryTotal = 0;
        state.RecoveryStatistic = 0;

        var (p0, p1) = _quality.Rates(state);
        double h = _quality.Threshold(state);
        var baselineInterval = WilsonInterval.Compute(state.WarmupPassed, state.WarmupTotal);
        var currentInterval = WilsonInterval.Compute(state.SincePassed, state.SinceTotal);
        double currentRate = state.SinceTotal == 0 ? double.NaN : state.SincePassed / (double)state.SinceTotal;
        // The baseline shown is the pass rate of every check the CUSUM has cleared so far, the centre of its own
        // interval; p₀ is that rate as it was at the last re-estimate, rounded.
        double baselineRate = state.WarmupTotal == 0 ? p0 : state.WarmupPassed / (double)state.WarmupTotal;
        var segment = new Dictionary<string, string>(FindingFactory.Segment(key), StringComparer.Ordinal);
        var observations = state.CategorySince.Select(c =>
        {
            var baseline = state.CategoryBaseline.GetValueOrDefault(c.Key) ?? [0, 0];
            double failRate = (baseline[1] - baseline[0] + 1.0) / (baseline[1] + 2.0);
            return new SegmentObservation(new Dictionary<string, string>(StringComparer.Ordinal) { ["category"] = c.Key }, c.Value[1] * Math.Min(failRate, 1 - p0 + 0.01), c.Value[1] - c.Value[0]);
        }).ToList();
        var localisation = Adtributor.Localize(observations);
        if (localisation is not null)
        {
            segment[localisation.Dimension] = string.Join('|', localisation.Values);
        }

        string where = localisation is null ? string.Empty : $" — explained by {localisation.Dimension} = {string.Join(", ", localisation.Values)} ({localisation.ExplanatoryPower:P0} of the extra failures)";
        findings.Add(new Finding(
            FindingKinds.QualityRegression,
            "bernoulli-cusum",
            key,
            segment,
            at,
            state.ChangeStart ?? at,
            "CUSUM S (log-likelihood ratio)",
            h,
            h,
            null,
            Math.Exp(h),
            new ValueWithInterval(baselineRate, baselineInterval.Low, baselineInterval.High, state.WarmupTotal, "pass-rate"),
            new ValueWithInterval(currentRate, currentInterval.Low, currentInterval.High, state.SinceTotal, "pass-rate"),
            $"{key.Provider}/{key.Model} pass rate fell from {baselineRate:P1} to {currentRate:P1} over {state.SinceTotal} checks (CUSUM tuned for {p0:P0} → {p1:P0}, ARL₀ {_options.QualityArl0:N0}){where}.",
            state.RecentFailures.TakeLast(_options.MaxExamples).Select(e => new FindingExample(e.Timestamp, e.Title, e.Expected, e.Actual, e.Attributes)).ToList()));
    }

    private void RememberFailure(QualityState state, CanaryResult result)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["case_id"] = result.CaseId,
            ["category"] = result.Category,
            ["suite"] = result.Suite,
        };
        if (result.FailureReasons.Count > 0)
        {
            attributes["failure_reasons"] = string.Join("; ", result.FailureReasons);
        }

        if (result.FinishReason is not null)
        {
            attributes["finish_reason"] = result.FinishReason;
        }

        FindingFactory.WithTrace(attributes, result);

        state.RecentFailures.Add(new ExampleRecord { Timestamp = result.Timestamp, Title = $"{result.Suite}/{result.CaseId} failed", Expected = result.Expected, Actual = result.Actual, Attributes = attributes });
        if (state.RecentFailures.Count > Math.Max(1, _options.MaxExamples) * 2)
        {
            state.RecentFailures.RemoveAt(0);
        }
    }
}
