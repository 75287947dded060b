using QualityWatch.Core.Canaries;
using QualityWatch.Core.Findings;
using QualityWatch.Core.Statistics;
using QualityWatch.Core.Telemetry;
using QualityWatch.Detection.Fingerprints;
using QualityWatch.Detection.Localization;
using QualityWatch.Detection.Shift;
using QualityWatch.Detection.Signatures;
using QualityWatch.Detection.Statistics;

namespace QualityWatch.Detection.Engine;

/// <summary>
/// The canary signals of one pass: each result once (however often a replica reads it), per suite series the quality
/// CUSUM, latency drift by count (<see cref="CanaryLatencySignal"/>) and routing anomaly; per provider × model the pass rate across suites, the
/// temperature-0 divergence (<see cref="SamplingDivergenceSignal"/>), greedy violations in reported log-probabilities
/// (<see cref="GreedyViolationSignal"/>), failures concentrated on canary sessions
/// (<see cref="StickyRoutingSignal"/>), the model-swap signature and the model-identity fingerprint
/// (<see cref="ModelFingerprintSignal"/>), which share one swap episode per provider × model.
/// </summary>
internal sealed class CanarySignalPass(DetectionEngineOptions options, EpisodeRecovery recovery, QualitySignal quality, SamplingDivergenceSignal divergence, GreedyViolationSignal greedy, StickyRoutingSignal stickyRouting, CanaryLatencySignal latency, ModelFingerprintSignal fingerprint, Func<EngineState> state)
{
    /// <summary>The series of all suites of one provider × model: <c>suite=all</c>.</summary>
    internal const string AllSuites = "all";

    // Results remembered as seen (so a result read again by another pass is counted once).
    private const int SeenResultsCapacity = 20_000;

    // A KS p-value this large means the recent latencies are consistent with the pre-incident baseline.
    private const double RoutingRecoveryPValue = 0.05;

    private readonly DetectionEngineOptions _options = options;

    private EngineState State => state();

    /// <summary>Takes the results not seen before, in time order; adds findings and the evaluated series.</summary>
    public void Run(IReadOnlyList<CanaryResult> results, List<Finding> findings, Dictionary<string, SeriesKey> evaluated, DateTimeOffset evaluatedAt)
    {
        var fresh = results.Where(r => State.SeenCanaryResults.Add(ResultId(r))).OrderBy(r => r.Timestamp).ToList();
        foreach (var result in fresh)
        {
            State.SeenCanaryOrder.Enqueue(ResultId(result));
        }

        while (State.SeenCanaryOrder.Count > SeenResultsCapacity)
        {
            State.SeenCanaryResults.Remove(State.SeenCanaryOrder.Dequeue());
        }

        foreach (var group in fresh.GroupBy(r => CanaryKey(r).Canonical, StringComparer.Ordinal))
        {
            var key = CanaryKey(group.First());
            evaluated[key.Canonical] = key;
            var series = CanarySeries(key);

            foreach (var round in group.GroupBy(r => (r.RunId, r.Round)).OrderBy(g => g.Min(r => r.Timestamp)))
            {
                var answered = OncePerCase(round);
                long passed = answered.Count(r => r.Outcome == CanaryOutcome.Passed);
                if (answered.Count > 0)
                {
                    quality.Observe(series.Quality, series.OpenKinds, series.Scores, key, passed, answered.Count, round.Max(r => r.Timestamp), findings, answered);
                }

                latency.Observe(series, key, answered, findings, evaluatedAt);
            }

            var routing = RoutingAnomalyDetector.Evaluate(series.LatencyBaseline.Items(), series.LatencyRecent.Items(), _options.RoutingAnomalyAlpha);
            series.Scores["routing-ks"] = routing.Alarm ? 1 : Math.Clamp(routing.KsStatistic, 0, 1) * 0.5;
            // A step in latency looks bimodal while the window straddles it; when the latency drift already explains
            // it, a routing anomaly would be a second incident for one fault.
            if (routing.Alarm && !series.OpenKinds.Contains(FindingKinds.LatencyDrift) && series.OpenKinds.Add(FindingKinds.RoutingAnomaly))
            {
                var baseline = series.LatencyBaseline.Items();
                var current = series.LatencyRecent.Items();
                findings.Add(new Finding(
                    FindingKinds.RoutingAnomaly,
                    "routing-ks-bimodality",
                    key,
                    FindingFactory.Segment(key),
                    evaluatedAt,
                    group.Min(r => r.Timestamp),
                    "KS D",
                    routing.KsStatistic,
                    routing.PValue,
                    routing.PValue,
                    null,
                    FindingFactory.LatencyValue(baseline),
                    FindingFactory.LatencyValue(current),
                    $"A second latency population appeared for {key.Canonical}: bimodality {routing.BaselineBimodality:F2} → {routing.CurrentBimodality:F2}, KS D = {routing.KsStatistic:F2} (p = {routing.PValue:G2}) — requests may be routed elsewhere.",
                    group.OrderByDescending(r => r.Latency).Take(_options.MaxExamples).Select(r => FindingFactory.CanaryExample(r, $"{r.CaseId} took {r.Latency.TotalMilliseconds:F0} ms")).ToList()));
            }
            else
            {
                // Recovered only when the latencies look like the frozen baseline again, not merely "no longer extreme".
                recovery.EndAfterRecovery(series.OpenKinds, series.RecoveryStreaks, FindingKinds.RoutingAnomaly,
                    !routing.Alarm && routing.CurrentBimodality <= BimodalityCoefficient.UniformThreshold && routing.PValue > RoutingRecoveryPValue);
            }
        }

        // Overall pass rate per provider × model across suites: a drop spread thinly over every category (top-k
        // miscompilation) is invisible in each small suite series but clear in their sum. Quality only: latency
        // differs by suite, so mixing suites would look like a second latency population.
        // When a suite series of the same provider × model already explains the drop, the overall series adds no
        // news: its state advances, but it raises nothing of its own (one finding per incident).
        var explainedBySuite = State.Canaries.Values
            .Where(c => c.OpenKinds.Contains(FindingKinds.QualityRegression))
            .Select(c => c.Key.ToKey())
            .Where(k => !string.Equals(k.Labels.GetValueOrDefault("suite"), AllSuites, StringComparison.Ordinal))
            .Select(k => $"{k.Provider}/{k.Model}")
            .ToHashSet(StringComparer.Ordinal);
        foreach (var group in fresh.GroupBy(r => OverallCanaryKey(r).Canonical, StringComparer.Ordinal))
        {
            var key = OverallCanaryKey(group.First());
            var raisedBefore = findings.Count;
            evaluated[key.Canonical] = key;
            var series = CanarySeries(key);

            foreach (var round in group.GroupBy(r => (r.RunId, r.Round)).OrderBy(g => g.Min(r => r.Timestamp)))
            {
                var answered = OncePerCase(round);
                if (answered.Count > 0)
                {
                    long passed = answered.Count(r => r.Outcome == CanaryOutcome.Passed);
                    quality.Observe(series.Quality, series.OpenKinds, series.Scores, key, passed, answered.Count, round.Max(r => r.Timestamp), findings, answered);
                }
            }

            if (explainedBySuite.Contains($"{key.Provider}/{key.Model}"))
            {
                findings.RemoveRange(raisedBefore, findings.Count - raisedBefore);
            }

            // Sampling integrity per provider × model: a signal of its own kind, so not subsumed by a suite's regression.
            foreach (var round in group.GroupBy(r => (r.RunId, r.Round)).OrderBy(g => g.Min(r => r.Timestamp)))
            {
                var answered = OncePerCase(round);
                if (answered.Count > 0)
                {
                    divergence.Observe(series, key, answered, findings);
                    greedy.Observe(series, key, answered, findings);
                    stickyRouting.Observe(series, key, answered, findings);
                }
            }
        }

        foreach (var model in fresh.GroupBy(r => $"{r.Provider}/{r.Model}", StringComparer.Ordinal))
        {
            if (!State.ModelSwaps.TryGetValue(model.Key, out var detector))
            {
                detector = new ModelSwapDetector();
                State.ModelSwaps[model.Key] = detector;
            }

            foreach (var round in model.GroupBy(r => (r.RunId, r.Round)).OrderBy(g => g.Min(r => r.Timestamp)))
            {
                var verdict = detector.Observe(round.ToList(), _options.ModelSwapShare, _options.ModelSwapMinimumCases);
                var first = round.First();
                var key = SeriesKey.Of(first.Provider, first.Model);
                // One swap episode per provider × model: the fingerprint may already hold it open.
                if (verdict.Alarm && !State.OpenModelSwaps.ContainsKey(model.Key) && !ModelFingerprintSignal.IsOpen(State.Fingerprint, model.Key))
                {
                    State.OpenModelSwaps[model.Key] = round.Min(r => r.Timestamp);
                    if (_options.ModelFingerprintEnabled)
                    {
                        ModelFingerprintSignal.NoteSwapRaised(State.Fingerprint, model.Key);
                    }

                    var fingerprint = verdict.CurrentFingerprint is null ? string.Empty : $"; fingerprint {verdict.PreviousFingerprint} → {verdict.CurrentFingerprint}";
                    findings.Add(new Finding(
                        FindingKinds.ModelSwap,
                        "model-swap",
                        key,
                        FindingFactory.Segment(key),
                        round.Max(r => r.Timestamp),
                        round.Min(r => r.Timestamp),
                        "share of canaries whose temperature-0 answer or fingerprint changed",
                        verdict.Share,
                        _options.ModelSwapShare,
                        null,
                        null,
                        new ValueWithInterval(0, 0, 0, verdict.ComparedCases, "changed-share"),
                        new ValueWithInterval(verdict.Share, WilsonInterval.Compute(verdict.ChangedCases, verdict.ComparedCases).Low, WilsonInterval.Compute(verdict.ChangedCases, verdict.ComparedCases).High, verdict.ComparedCases, "changed-share"),
                        $"{verdict.ChangedCases} of {verdict.ComparedCases} canary answers of {first.Provider}/{first.Model} changed at once{fingerprint}: the model behind the name was likely swapped.",
                        verdict.Examples.Take(_options.MaxExamples).Select(e => new FindingExample(e.Result.Timestamp, $"{e.Result.Suite}/{e.Result.CaseId} answer changed", e.PreviousAnswer, e.Result.Actual, FindingFactory.WithTrace(new Dictionary<string, string>(StringComparer.Ordinal) { ["case_id"] = e.Result.CaseId, ["fingerprint"] = e.Result.SystemFingerprint ?? string.Empty }, e.Result))).ToList()));
                }
                else if (!verdict.Alarm && verdict.ComparedCases >= _options.ModelSwapMinimumCases && verdict.ChangedCases == 0)
                {
                    State.OpenModelSwaps.Remove(model.Key);
                }

                if (_options.ModelFingerprintEnabled)
                {
                    fingerprint.Observe(State.Fingerprint, model.Key, State.OpenModelSwaps.ContainsKey(model.Key), OncePerCase(round), findings);
                }
            }
        }

        if (_options.ModelFingerprintEnabled && fresh.Count > 0)
        {
            fingerprint.RetrainIfDue(State.Fingerprint);
        }
    }

    /// <summary>
    /// The answered results of one round, one per case. Repeats of a temperature-0 case (determinism probes) fail
    /// together; counted separately they would be correlated checks and break the CUSUM's false-alarm calibration.
    /// </summary>
    private static List<CanaryResult> OncePerCase(IEnumerable<CanaryResult> round) =>
        round.Where(r => r.Outcome != CanaryOutcome.Unavailable)
            .GroupBy(r => (r.Suite, r.CaseId))
            .Select(g => g.First())
            .ToList();

    private static SeriesKey OverallCanaryKey(CanaryResult r)
    {
        var labels = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in r.Labels)
        {
            labels[name] = value;
        }

        labels["suite"] = AllSuites;
        return new SeriesKey(r.Provider, r.Model, "chat", labels);
    }

    private CanarySeriesState CanarySeries(SeriesKey key)
    {
        if (!State.Canaries.TryGetValue(key.Canonical, out var series))
        {
            series = new CanarySeriesState { Key = SeriesIdentity.From(key) };
            State.Canaries[key.Canonical] = series;
        }

        return series;
    }

    private static SeriesKey CanaryKey(CanaryResult r)
    {
        var labels = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in r.Labels)
        {
            labels[name] = value;
        }

        labels["suite"] = r.Suite;
        return new SeriesKey(r.Provider, r.Model, "chat", labels);
    }

    private static string ResultId(CanaryResult r) => $"{r.RunId}|{r.Round}|{r.Provider}|{r.Model}|{r.Suite}|{r.CaseId}|{r.Timestamp.UtcTicks}";
}
