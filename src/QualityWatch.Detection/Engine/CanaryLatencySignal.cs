using QualityWatch.Core.Canaries;
using QualityWatch.Core.Findings;
using QualityWatch.Core.Telemetry;
using QualityWatch.Detection.Sequential;
using QualityWatch.Detection.Signatures;

namespace QualityWatch.Detection.Engine;

/// <summary>
/// Canary latency drift, counted by calls rather than minutes, so a fast <c>canary run</c> (many rounds a minute) and a
/// slow schedule (a round an hour) both get a verdict and a step is reported within a few rounds.
/// </summary>
/// <remarks>
/// Method: Bernoulli CUSUMs, call by call, on "slower than the baseline's upper quartile". For a new call exchangeable
/// with n baseline calls, the chance of exceeding their k-th smallest is exactly (n − k + 1)/(n + 1) whatever the latency
/// distribution is, so the null needs no model. Two charts share that indicator: one tuned to the exceedance rate the
/// baseline itself would have if every call were <see cref="DetectionEngineOptions.LatencyDriftRatio"/> times slower,
/// one to a doubling. A chart tuned to a small change pays heavily for a young baseline (its threshold, which pays for
/// the quartile being estimated from n calls by <see cref="CusumCalibration.ThresholdForEstimatedBaseline"/>, is 297 at
/// n = 80 and 20 at n = 200), the doubling chart hardly (16 and 14), so a fast run's step is reported within a few
/// rounds while the history is short and a moderate slowdown once it is long. Each chart has ARL₀ =
/// 2 × <see cref="DetectionEngineOptions.QualityArl0"/> calls, so together they false-alarm at most about once per
/// ARL₀ calls.
/// The baseline is the series' older answered calls: a call joins it only after a lag of twice the slowdown chart's
/// mean delay (as the pass-rate baseline does, <see cref="QualityMonitor.LagFor"/>), so a slowdown is usually alarmed on
/// before its calls can raise the quartile; it is frozen while a latency episode is open.
/// The test this replaces compared the latest 20 calls with the older ones by Mann–Whitney after every round at
/// p &lt; 10⁻⁴: its error rate was per test on overlapping windows, so a suite run four times as often by adaptive
/// canaries was tested four times as often, and it raised a false alarm on a healthy series in twelve simulator runs.
/// Each call steps each chart once, so the false-alarm rate is fixed per call.
/// </remarks>
internal sealed class CanaryLatencySignal(DetectionEngineOptions options, EpisodeRecovery recovery)
{
    internal const string Detector = "canary-latency-cusum";

    /// <summary>The newest calls, kept out of the baseline (and compared with it by the routing-anomaly test).</summary>
    internal const int RecentWindow = 50;

    /// <summary>Older calls the quartile is taken from.</summary>
    internal const int BaselineWindow = 200;

    /// <summary>Baseline calls needed before the charts start.</summary>
    internal const int MinimumBaseline = 60;

    /// <summary>The slowdown the step chart is tuned to.</summary>
    internal const double StepRatio = 2;

    // The upper quartile: its exceedances move most for a moderate slowdown among the quantiles a few dozen calls
    // estimate well, and a heavy tail of slow calls does not drag it.
    private const double Quantile = 0.75;

    // Recovery, as before: the latest calls look like the frozen baseline again (Mann–Whitney, median ratio).
    private const int RecoveryWindow = 20;
    private const double RecoveryPValue = 0.05;

    // Rates on this grid and baseline sizes in these steps share one threshold in the pass-rate monitor's cache; sizes round down (a larger
    // threshold), p₁ to the nearest step (well inside the rate's standard error at n ≤ 200), p₀ up (a chart that assumes
    // slightly more exceedances than there are false-alarms slightly less).
    private const double RateGrid = 0.01;
    private const int SizeStep = 20;

    /// <summary>
    /// Steps the charts with each answered call of one round (before the call joins the windows), feeds the windows, and
    /// raises or ends the series' latency episode.
    /// </summary>
    public void Observe(CanarySeriesState series, SeriesKey key, IReadOnlyList<CanaryResult> answered, List<Finding> findings, DateTimeOffset evaluatedAt)
    {
        var state = series.LatencyCusum;
        bool open = series.OpenKinds.Contains(FindingKinds.LatencyDrift);
        var reference = open ? null : Reference(series.LatencyBaseline);
        // How many calls a call waits before joining the baseline: twice the known-parameter slowdown chart's mean delay,
        // never more than the baseline itself (so a young series starts soon and its quartile keeps up). The recent
        // window is the first part of it.
        long lag = reference is { } tuned
            ? QualityMonitor.LagFor(1 - tuned.P0, 1 - tuned.Slowdown.P1, series.LatencyBaseline.Count, 2 * options.QualityArl0)
            : series.LatencyBaseline.Count;
        LatencyChartState? alarmed = null;
        LatencyChartTuning alarmedTuning = default;
        foreach (var r in answered)
        {
            double latency = r.Latency.TotalSeconds;
            if (reference is { } c)
            {
                bool slower = latency > c.Quartile;
                if (state.Step.Step(slower ? c.Step.OnSlower : c.Step.OnOther, c.Step.H, r.Timestamp) && alarmed is null)
                {
                    (alarmed, alarmedTuning) = (state.Step, c.Step);
                }

                if (state.Slowdown.Step(slower ? c.Slowdown.OnSlower : c.Slowdown.OnOther, c.Slowdown.H, r.Timestamp) && alarmed is null)
                {
                    (alarmed, alarmedTuning) = (state.Slowdown, c.Slowdown);
                }
            }

            double evicted = series.LatencyRecent.Add(latency);
            // Both latency signals compare against a baseline frozen while either has an episode open.
            if (!double.IsNaN(evicted) && !series.OpenKinds.Contains(FindingKinds.RoutingAnomaly) && !open)
            {
                state.Pending.Enqueue(evicted);
                while (state.Pending.Count > Math.Max(0, lag - RecentWindow))
                {
                    series.LatencyBaseline.Add(state.Pending.Dequeue());
                }
            }
        }

        if (reference is { } current)
        {
            series.Scores["latency-drift"] = Math.Clamp(Math.Max(state.Slowdown.Statistic / current.Slowdown.H, state.Step.Statistic / current.Step.H), 0, 1);
        }

        if (alarmed is not null)
        {
            // A second latency population already reported as a routing anomaly explains the slower calls: one incident.
            if (!series.OpenKinds.Contains(FindingKinds.RoutingAnomaly) && series.OpenKinds.Add(FindingKinds.LatencyDrift))
            {
                findings.Add(Raise(series, key, reference!.Value, alarmed, alarmedTuning, answered, evaluatedAt));
                // The calls still waiting may already be the slowdown's: none of them joins the baseline.
                state.Pending.Clear();
            }

            state.Slowdown.Reset();
            state.Step.Reset();
            return;
        }

        if (open)
        {
            var recent = series.LatencyRecent.Items();
            var latest = recent[Math.Max(0, recent.Length - RecoveryWindow)..];
            var verdict = LatencyDriftDetector.Evaluate(series.LatencyBaseline.Items(), latest, options.LatencyDriftRatio);
            recovery.EndAfterRecovery(series.OpenKinds, series.RecoveryStreaks, FindingKinds.LatencyDrift,
                verdict is not null && verdict.Ratio < options.LatencyDriftRatio && (verdict.PValue > RecoveryPValue || verdict.Ratio <= 1));
        }
    }

    /// <summary>The charts' parameters from the baseline; null until it holds <see cref="MinimumBaseline"/> calls.</summary>
    private LatencyReference? Reference(CountWindow baselineWindow)
    {
        int n = baselineWindow.Count;
        if (n < MinimumBaseline)
        {
            return null;
        }

        Span<double> sorted = n <= 256 ? stackalloc double[n] : new double[n];
        baselineWindow.CopyTo(sorted);
        sorted.Sort();
        int k = (int)Math.Ceiling(Quantile * n);
        double quartile = sorted[k - 1];
        // Exact for continuous latencies ((n − k + 1)/(n + 1)); with ties at the quartile, calls equal to it are not slower.
        double p0 = Math.Clamp((n - UpperBound(sorted, quartile) + 1.0) / (n + 1), 0.02, 0.5);
        p0 = Math.Ceiling((p0 / RateGrid) - 1e-9) * RateGrid;
        long size = Math.Max(MinimumBaseline, n / SizeStep * SizeStep);
        var slowdown = Tune(sorted, quartile, p0, options.LatencyDriftRatio, p0 + 0.10, size);
        var step = Tune(sorted, quartile, p0, Math.Max(StepRatio, options.LatencyDriftRatio), slowdown.P1, size);
        return new LatencyReference(quartile, p0, slowdown, step);
    }

    /// <summary>
    /// A chart tuned to the exceedance rate the baseline would have if every call were <paramref name="ratio"/> times
    /// slower: at least <paramref name="floor"/> (so a very dispersed series is tuned to a larger slowdown rather than to
    /// none) and at most 0.95.
    /// </summary>
    private LatencyChartTuning Tune(ReadOnlySpan<double> sorted, double quartile, double p0, double ratio, double floor, long size)
    {
        double p1 = Math.Clamp((sorted.Length - UpperBound(sorted, quartile / ratio)) / (double)sorted.Length, Math.Min(floor, 0.95), 0.95);
        p1 = Math.Max(p0 + RateGrid, Math.Round(p1 / RateGrid) * RateGrid);
        // The calibration counts the rarer outcome as the failure; here a call slower than the quartile.
        double h = QualityMonitor.ThresholdFor(1 - p0, 1 - p1, size, 2 * options.QualityArl0);
        return new LatencyChartTuning(ratio, p1, Math.Log(p1 / p0), Math.Log((1 - p1) / (1 - p0)), h);
    }

    /// <summary>Index of the first value greater than <paramref name="value"/> in ascending <paramref name="sorted"/>.</summary>
    private static int UpperBound(ReadOnlySpan<double> sorted, double value)
    {
        int low = 0, high = sorted.Length;
        while (low < high)
        {
            int mid = (low + high) >>> 1;
            if (sorted[mid] <= value)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        return low;
    }

    private Finding Raise(CanarySeriesState series, SeriesKey key, LatencyReference reference, LatencyChartState chart, LatencyChartTuning tuning, IReadOnlyList<CanaryResult> answered, DateTimeOffset evaluatedAt)
    {
        var baseline = series.LatencyBaseline.Items();
        var recent = series.LatencyRecent.Items();
        // The calls of the excursion (all in the recent window when it is shorter than the window, as it usually is).
        int since = Math.Clamp(chart.SinceCount, LatencyDriftDetector.MinimumPoints / 2, recent.Length);
        var current = recent[^since..];
        int slower = current.Count(v => v > reference.Quartile);
        var verdict = LatencyDriftDetector.Evaluate(baseline, current, options.LatencyDriftRatio);
        var baselineValue = FindingFactory.LatencyValue(baseline);
        var currentValue = FindingFactory.LatencyValue(current);
        double ratio = currentValue.Value / baselineValue.Value;
        return new Finding(
            FindingKinds.LatencyDrift,
            Detector,
            key,
            FindingFactory.Segment(key),
            evaluatedAt,
            chart.ChangeStart ?? answered.Min(r => r.Timestamp),
            "CUSUM S (log-likelihood ratio)",
            tuning.H,
            tuning.H,
            verdict?.PValue,
            Math.Exp(tuning.H),
            baselineValue,
            currentValue,
            $"Canary latency of {key.Provider}/{key.Model} rose: {slower} of the last {current.Length} calls were slower than the upper quartile of " +
            $"{baseline.Length} earlier calls ({reference.Quartile * 1000:F0} ms), where {reference.P0:P0} would be; median {baselineValue.Value * 1000:F0} ms → " +
            $"{currentValue.Value * 1000:F0} ms ({ratio:F2}×" + (verdict is null ? string.Empty : $", Mann–Whitney p = {verdict.PValue:G2}") +
            $"). CUSUM per call tuned for a {tuning.Ratio:0.##}× slowdown (exceedance {reference.P0:P0} → {tuning.P1:P0}), ARL₀ {2 * options.QualityArl0:N0} calls per chart.",
            answered.OrderByDescending(r => r.Latency).Take(options.MaxExamples).Select(r => FindingFactory.CanaryExample(r, $"{r.CaseId} took {r.Latency.TotalMilliseconds:F0} ms")).ToList());
    }
}
