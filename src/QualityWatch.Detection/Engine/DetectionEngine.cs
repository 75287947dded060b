using QualityWatch.Core.Canaries;
using QualityWatch.Core.Findings;
using QualityWatch.Core.Metrics;
using QualityWatch.Core.Telemetry;
using QualityWatch.Detection.Localization;
using QualityWatch.Detection.Shift;
using QualityWatch.Detection.Signatures;
using QualityWatch.Detection.Statistics;

namespace QualityWatch.Detection.Engine;

/// <summary>
/// The detection engine: consumes new 1-minute <see cref="SeriesBucket"/>s and new <see cref="CanaryResult"/>s
/// incrementally (O(1)/O(window) per bucket per series), runs the quality CUSUM, burn-rate, latency / time-to-first-token /
/// output-length drift (rolling and day over day), output-corruption,
/// truncation, routing and model-swap signatures, and emits <see cref="Finding"/>s with evidence. Pure: no I/O, no clock;
/// state round-trips through <see cref="Snapshot"/>/<see cref="Restore"/>. Not thread-safe: one pass at a time.
/// Also contributes <c>qualitywatch_anomaly_score</c> to <c>/metrics</c>.
/// </summary>
public sealed class DetectionEngine : IMetricsContributor
{
    private const string AnomalyScoreMetric = "qualitywatch_anomaly_score";
    private const int SeenResultsCapacity = 20_000;

    private readonly DetectionEngineOptions _options;
    private readonly QualityMonitor _quality;
    private readonly object _scoresLock = new();
    private EngineState _state = new();
    private IReadOnlyList<MetricSample> _scores = [];

    /// <summary>Creates an engine; throws <see cref="ArgumentOutOfRangeException"/> naming an invalid option.</summary>
    public DetectionEngine(DetectionEngineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _quality = new QualityMonitor(options);
    }

    /// <summary>Runs one pass and publishes its findings and healthy series to <paramref name="sink"/>.</summary>
    public async Task<DetectionResult> EvaluateAsync(IReadOnlyList<SeriesBucket> buckets, IReadOnlyList<CanaryResult> canaryResults, IFindingSink sink, DateTimeOffset evaluatedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sink);
        var result = Process(buckets, canaryResults, evaluatedAt);
        await sink.PublishAsync(result.Findings, result.HealthySeries, evaluatedAt, cancellationToken).ConfigureAwait(false);
        return result;
    }

    /// <summary>Runs one pass over buckets and canary results not seen before (re-sent ones are ignored).</summary>
    public DetectionResult Process(IReadOnlyList<SeriesBucket> buckets, IReadOnlyList<CanaryResult> canaryResults, DateTimeOffset evaluatedAt)
    {
        ArgumentNullException.ThrowIfNull(buckets);
        ArgumentNullException.ThrowIfNull(canaryResults);
        var findings = new List<Finding>();
        var evaluated = new Dictionary<string, SeriesKey>(StringComparer.Ordinal);
        var open = new HashSet<string>(StringComparer.Ordinal);
        var candidates = new List<ShiftCandidate>();

        foreach (var bucket in buckets.OrderBy(b => b.Start))
        {
            ProcessBucket(bucket, findings, candidates);
            evaluated[bucket.Key.Canonical] = bucket.Key;
        }

        RaiseShiftFindings(candidates, findings, evaluatedAt);
        ProcessCanaries(canaryResults, findings, evaluated, evaluatedAt);

        foreach (var series in _state.Telemetry.Values.Where(s => s.OpenKinds.Count > 0))
        {
            open.Add(series.Key.ToKey().Canonical);
        }

        foreach (var series in _state.Canaries.Values.Where(s => s.OpenKinds.Count > 0))
        {
            open.Add(series.Key.ToKey().Canonical);
        }

        ReleaseOwnedInheritedEpisodes();
        open.UnionWith(_state.InheritedEpisodes.Keys);
        var healthy = evaluated.Where(e => !open.Contains(e.Key)).Select(e => e.Value).ToList();
        PublishScores();
        return new DetectionResult(findings, healthy, evaluatedAt);
    }

    /// <summary>
    /// Takes over <paramref name="open"/> episodes (the open alerts) when the engine has no state of its own for them —
    /// after a first start on an existing database, or a state that could not be read. A baseline rebuilt from data that
    /// may already contain the fault cannot show recovery, so these series are not reported healthy (their alerts
    /// neither resolve nor are raised again) until the engine raises the same kind itself, whose own episode then
    /// decides recovery against a frozen baseline, or a person closes the alert. Episodes the engine already holds
    /// are left alone. Returns how many were taken over.
    /// </summary>
    public int InheritOpenEpisodes(IEnumerable<OpenEpisode> open)
    {
        ArgumentNullException.ThrowIfNull(open);
        int inherited = 0;
        foreach (var episode in open)
        {
            if (OwnsEpisode(episode.Series, episode.Kind))
            {
                continue;
            }

            if (!_state.InheritedEpisodes.TryGetValue(episode.Series, out var kinds))
            {
                _state.InheritedEpisodes[episode.Series] = kinds = new HashSet<string>(StringComparer.Ordinal);
            }

            if (kinds.Add(episode.Kind))
            {
                inherited++;
            }
        }

        return inherited;
    }

    /// <summary>Drops inherited episodes that are no longer among <paramref name="stillOpen"/> (closed by a person or
    /// resolved): call before each pass with the open alerts.</summary>
    public void ForgetClosedEpisodes(IEnumerable<OpenEpisode> stillOpen)
    {
        ArgumentNullException.ThrowIfNull(stillOpen);
        if (_state.InheritedEpisodes.Count == 0)
        {
            return;
        }

        var open = stillOpen.ToHashSet();
        foreach (var (series, kinds) in _state.InheritedEpisodes.ToList())
        {
            kinds.RemoveWhere(kind => !open.Contains(new OpenEpisode(series, kind)));
            if (kinds.Count == 0)
            {
                _state.InheritedEpisodes.Remove(series);
            }
        }
    }

    /// <summary>The inherited episodes the engine has not yet taken ownership of.</summary>
    public IReadOnlyList<OpenEpisode> InheritedEpisodes =>
        [.. _state.InheritedEpisodes.SelectMany(e => e.Value.Select(kind => new OpenEpisode(e.Key, kind))).OrderBy(e => e.Series, StringComparer.Ordinal).ThenBy(e => e.Kind, StringComparer.Ordinal)];

    /// <summary>A serialised copy of the whole state.</summary>
    public DetectionStateSnapshot Snapshot() => DetectionStateSnapshot.From(_state);

    /// <summary>Replaces the state with <paramref name="snapshot"/> (taken with the same options).</summary>
    public void Restore(DetectionStateSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        _state = snapshot.ToState();
        PublishScores();
    }

    /// <summary>Whether the engine's own state has <paramref name="kind"/> open on <paramref name="series"/> (episode keys
    /// such as <c>latency-drift:ttft</c> count for their kind).</summary>
    private bool OwnsEpisode(string series, string kind)
    {
        static bool Holds(HashSet<string> kinds, string kind) =>
            kinds.Any(k => k.Equals(kind, StringComparison.Ordinal) || k.StartsWith(kind + ":", StringComparison.Ordinal));

        return (_state.Telemetry.TryGetValue(series, out var telemetry) && Holds(telemetry.OpenKinds, kind))
            || (_state.Canaries.TryGetValue(series, out var canary) && Holds(canary.OpenKinds, kind));
    }

    private void ReleaseOwnedInheritedEpisodes()
    {
        foreach (var (series, kinds) in _state.InheritedEpisodes.ToList())
        {
            kinds.RemoveWhere(kind => OwnsEpisode(series, kind));
            if (kinds.Count == 0)
            {
                _state.InheritedEpisodes.Remove(series);
            }
        }
    }

    /// <inheritdoc />
    public IEnumerable<MetricSample> Collect()
    {
        lock (_scoresLock)
        {
            return _scores;
        }
    }

    private void ProcessBucket(SeriesBucket bucket, List<Finding> findings, List<ShiftCandidate> candidates)
    {
        string id = bucket.Key.Canonical;
        if (!_state.Telemetry.TryGetValue(id, out var series))
        {
            series = new TelemetrySeriesState
            {
                Key = SeriesIdentity.From(bucket.Key),
                LatencyBaseline = new CountWindow(_options.BaselineWindowBuckets),
                LatencyBaselineStarts = new CountWindow(_options.BaselineWindowBuckets),
                LatencyRecent = new CountWindow(_options.RecentWindowBuckets),
                LatencyRecentStarts = new CountWindow(_options.RecentWindowBuckets),
                AnalysedRecent = new CountWindow(_options.RecentWindowBuckets),
                UnexpectedRecent = new CountWindow(_options.RecentWindowBuckets),
            };
            _state.Telemetry[id] = series;
        }

        if (series.LastBucketStart is { } last && bucket.Start <= last)
        {
            return;
        }

        series.LastBucketStart = bucket.Start;
        var key = bucket.Key;

        // Availability: multi-window burn rate.
        series.Calls.Add(bucket.Count);
        series.Errors.Add(bucket.Errors);
        var burn = BurnRateDetector.Evaluate(series.Calls, series.Errors, _options.AvailabilitySlo);
        series.Scores["burn-rate"] = BurnRateDetector.Score(burn);
        if (burn.Alarm && series.OpenKinds.Add(FindingKinds.Availability))
        {
            double errorRate = burn.Calls > 0 ? burn.Errors / burn.Calls : 0;
            var interval = WilsonInterval.Compute((long)burn.Errors, (long)burn.Calls);
            findings.Add(new Finding(
                FindingKinds.Availability,
                "burn-rate",
                key,
                Segment(key),
                bucket.Start,
                bucket.Start.AddMinutes(-burn.ShortMinutes),
                $"burn rate ({burn.LongMinutes}m/{burn.ShortMinutes}m)",
                Math.Min(burn.LongBurnRate, burn.ShortBurnRate),
                burn.Factor,
                null,
                null,
                new ValueWithInterval(1 - _options.AvailabilitySlo, 0, 1 - _options.AvailabilitySlo, 0, "error-ratio"),
                new ValueWithInterval(errorRate, interval.Low, interval.High, (long)burn.Calls, "error-ratio"),
                $"{key.Provider}/{key.Model} burns its {_options.AvailabilitySlo:P1} availability budget {burn.LongBurnRate:F1}× over {burn.LongMinutes} min ({burn.ShortBurnRate:F1}× over {burn.ShortMinutes} min; page at {burn.Factor}×).",
                ErrorExamples(bucket)));
        }
        else
        {
            EndAfterRecovery(series.OpenKinds, series.RecoveryStreaks, FindingKinds.Availability, !burn.Alarm && BurnRateDetector.Score(burn) < 0.5);
        }

        // Latency, time to first token and output length: recent window vs baseline; each baseline is frozen while
        // its drift is open.
        if (bucket.LatencyP50Seconds is { } p50)
        {
            var latency = new DriftWindows { Baseline = series.LatencyBaseline, BaselineStarts = series.LatencyBaselineStarts, Recent = series.LatencyRecent, RecentStarts = series.LatencyRecentStarts, DayOverDay = series.LatencyDayOverDay };
            ObserveDrift(DriftSignal.Latency, series, latency, p50, bucket, candidates);
        }

        if (bucket.TimeToFirstTokenP50Seconds is { } ttft)
        {
            series.TimeToFirstToken ??= new DriftWindows(_options.RecentWindowBuckets, _options.BaselineWindowBuckets);
            ObserveDrift(DriftSignal.TimeToFirstToken, series, series.TimeToFirstToken, ttft, bucket, candidates);
        }

        // Output tokens per successful call; a bucket without any token usage (not reported by the provider) is skipped.
        long answered = bucket.Count - bucket.Errors;
        if (answered > 0 && (bucket.OutputTokens > 0 || bucket.InputTokens > 0))
        {
            series.OutputTokensPerCall ??= new DriftWindows(_options.RecentWindowBuckets, _options.BaselineWindowBuckets);
            ObserveDrift(DriftSignal.OutputLength, series, series.OutputTokensPerCall, bucket.OutputTokens / (double)answered, bucket, candidates);
        }

        // Output corruption: unexpected-script share vs baseline.
        if (bucket.OutputsAnalysed > 0 || series.AnalysedRecent.Count > 0)
        {
            double evictedAnalysed = series.AnalysedRecent.Add(bucket.OutputsAnalysed);
            double evictedUnexpected = series.UnexpectedRecent.Add(bucket.OutputsWithUnexpectedScript);
            if (!double.IsNaN(evictedAnalysed) && !series.OpenKinds.Contains(FindingKinds.OutputCorruption))
            {
                series.BaselineAnalysed += evictedAnalysed;
                series.BaselineUnexpected += evictedUnexpected;
            }

            if (series.BaselineAnalysed >= 50)
            {
                var verdict = OutputCorruptionDetector.Evaluate((long)series.BaselineAnalysed, (long)series.BaselineUnexpected, (long)series.AnalysedRecent.Sum, (long)series.UnexpectedRecent.Sum, _options.MinimumCorruptionShare);
                series.Scores["output-corruption"] = verdict.Alarm ? 1 : Math.Clamp(verdict.CurrentShare / _options.MinimumCorruptionShare, 0, 1) * 0.5;
                if (verdict.Alarm && series.OpenKinds.Add(FindingKinds.OutputCorruption))
                {
                    // The alarm rule is "the current share's lower bound is above the baseline's upper bound": report exactly that
                    // pair as statistic and threshold (a z score next to a share threshold compared unlike things).
                    findings.Add(ShareFinding(FindingKinds.OutputCorruption, "output-corruption", key, bucket, verdict, "current share, lower 95 % bound", verdict.CurrentLow, verdict.BaselineHigh, "outputs-with-unexpected-script",
                        $"{verdict.CurrentShare:P1} of {key.Provider}/{key.Model} outputs contain unexpected Unicode scripts (baseline {verdict.BaselineShare:P2}).",
                        ScriptExamples(bucket)));
                }
                else
                {
                    EndAfterRecovery(series.OpenKinds, series.RecoveryStreaks, FindingKinds.OutputCorruption, !verdict.Alarm && verdict.CurrentLow <= verdict.BaselineHigh);
                }
            }
        }

        // Truncation: finish-reason mix vs baseline.
        if (bucket.FinishReasons.Count > 0)
        {
            series.FinishRecent.Add(bucket.FinishReasons.ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal));
            if (series.FinishRecent.Count > _options.RecentWindowBuckets)
            {
                var oldest = series.FinishRecent[0];
                series.FinishRecent.RemoveAt(0);
                if (!series.OpenKinds.Contains(FindingKinds.Truncation))
                {
                    foreach (var (reason, count) in oldest)
                    {
                        series.FinishBaseline[reason] = series.FinishBaseline.GetValueOrDefault(reason) + count;
                    }
                }
            }

            if (series.FinishBaseline.Values.Sum() >= 50)
            {
                var current = new Dictionary<string, long>(StringComparer.Ordinal);
                foreach (var (reason, count) in series.FinishRecent.SelectMany(d => d))
                {
                    current[reason] = current.GetValueOrDefault(reason) + count;
                }

                var verdict = TruncationDetector.Evaluate(series.FinishBaseline, current, _options.MinimumTruncationIncrease);
                series.Scores["finish-reason-chi2"] = verdict.Alarm ? 1 - verdict.PValue : 0.5 * (1 - verdict.PValue);
                candidates.Add(new ShiftCandidate(series, FindingKinds.Truncation, verdict.PValue, verdict.Alarm, bucket, null, verdict));
                EndAfterRecovery(series.OpenKinds, series.RecoveryStreaks, FindingKinds.Truncation, !verdict.Alarm && verdict.CurrentLow <= verdict.BaselineHigh);
            }
        }

        // Quality from evaluation events on traffic series (canary series are fed by canary results instead).
        if (bucket.QualityTotal > 0 && !key.Labels.ContainsKey("suite"))
        {
            series.Quality ??= new QualityState();
            ObserveQualityCounts(series.Quality, series.OpenKinds, series.Scores, key, bucket.QualityPassed, bucket.QualityTotal, bucket.Start, findings, []);
        }
    }

    private void ObserveDrift(DriftSignal signal, TelemetrySeriesState series, DriftWindows windows, double value, SeriesBucket bucket, List<ShiftCandidate> candidates)
    {
        ObserveDayOverDay(signal.DayOverDay, series, windows, value, bucket, candidates);
        bool open = series.OpenKinds.Contains(signal.EpisodeKey);
        long now = bucket.Start.ToUnixTimeSeconds();
        double evictedStart = windows.RecentStarts.Add(now);
        double evicted = windows.Recent.Add(value);
        if (!double.IsNaN(evicted) && !open)
        {
            windows.Baseline.Add(evicted);
            windows.BaselineStarts.Add(evictedStart);
        }

        if (!windows.Recent.IsFull || windows.Baseline.Count < Math.Min(30, _options.BaselineWindowBuckets))
        {
            return;
        }

        // The windows hold bucket counts; on a sparse series (quiet nights) they would reach back hours. Compare the last
        // RecentWindowBuckets minutes with the BaselineWindowBuckets minutes before them — except against a baseline
        // frozen by an open drift, which must stay the pre-drift reference however old it gets.
        var current = Within(windows.Recent.Items(), windows.RecentStarts.Items(), now - (_options.RecentWindowBuckets * 60L) + 1);
        var baseline = open || windows.BaselineStarts.Count != windows.Baseline.Count
            ? windows.Baseline.Items()
            : Within(windows.Baseline.Items(), windows.BaselineStarts.Items(), now - ((_options.RecentWindowBuckets + _options.BaselineWindowBuckets) * 60L) + 1);
        var verdict = LatencyDriftDetector.Evaluate(baseline, current, PracticalRatio(signal), signal.Falling);
        if (verdict is not null)
        {
            AddDriftCandidate(signal, series, windows, verdict, bucket, candidates);
        }
    }

    private static double[] Within(double[] values, double[] starts, long from) =>
        values.Where((_, i) => i < starts.Length && starts[i] >= from).ToArray();

    /// <summary>Every five minutes, once a day of history exists: the last two hours against yesterday's same hours ± 1 h.</summary>
    private void ObserveDayOverDay(DriftSignal signal, TelemetrySeriesState series, DriftWindows windows, double value, SeriesBucket bucket, List<ShiftCandidate> candidates)
    {
        if (!windows.DayOverDay.Add(value, bucket.Start) || !windows.DayOverDay.HasADay)
        {
            return;
        }

        var (reference, current) = windows.DayOverDay.Compare();
        var verdict = LatencyDriftDetector.Evaluate(reference, current, PracticalRatio(signal), signal.Falling);
        if (verdict is not null)
        {
            // A step the rolling comparison already reported is the same incident: no second finding for it.
            bool reported = series.OpenKinds.Contains(signal.EpisodeKey[..^DriftSignal.DayOverDaySuffix.Length]);
            AddDriftCandidate(signal, series, windows, reported ? verdict with { PracticallyLarge = false } : verdict, bucket, candidates);
        }
    }

    private double PracticalRatio(DriftSignal signal) => signal.Falling ? 1 / _options.OutputLengthDropRatio : _options.LatencyDriftRatio;

    private void AddDriftCandidate(DriftSignal signal, TelemetrySeriesState series, DriftWindows windows, LatencyDriftVerdict verdict, SeriesBucket bucket, List<ShiftCandidate> candidates)
    {
        double ratio = PracticalRatio(signal);

        // Distance towards the practical threshold on a log scale, so rises and drops score alike.
        double progress = Math.Clamp(Math.Abs(Math.Log(verdict.Ratio)) / Math.Log(ratio), 0, 1);
        bool wrongDirection = signal.Falling ? verdict.Ratio > 1 : verdict.Ratio < 1;
        series.Scores[signal.Detector] = verdict.PracticallyLarge ? 1 - verdict.PValue : (wrongDirection ? 0 : progress * 0.5);
        candidates.Add(new ShiftCandidate(series, signal.Kind, verdict.PValue, verdict.PracticallyLarge, bucket, verdict, null, signal, windows));
        EndAfterRecovery(series.OpenKinds, series.RecoveryStreaks, signal.EpisodeKey, !verdict.PracticallyLarge && (wrongDirection || progress < 0.5));
    }

    private void ObserveQualityCounts(QualityState state, HashSet<string> openKinds, Dictionary<string, double> scores, SeriesKey key, long passed, long total, DateTimeOffset at, List<Finding> findings, IReadOnlyList<CanaryResult> round)
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
        EndAfterRecovery(openKinds, state.RecoveryStreaks, FindingKinds.QualityRegression, _quality.Recovered(state));
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
        // The baseline shown is the warm-up pass rate, the centre of its own interval; p₀ is the CUSUM's deliberately
        // conservative tuning point, two standard errors lower, and would sit outside that interval.
        double baselineRate = state.WarmupTotal == 0 ? p0 : state.WarmupPassed / (double)state.WarmupTotal;
        var segment = new Dictionary<string, string>(Segment(key), StringComparer.Ordinal);
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

        state.RecentFailures.Add(new ExampleRecord { Timestamp = result.Timestamp, Title = $"{result.Suite}/{result.CaseId} failed", Expected = result.Expected, Actual = result.Actual, Attributes = attributes });
        if (state.RecentFailures.Count > Math.Max(1, _options.MaxExamples) * 2)
        {
            state.RecentFailures.RemoveAt(0);
        }
    }

    private void ProcessCanaries(IReadOnlyList<CanaryResult> results, List<Finding> findings, Dictionary<string, SeriesKey> evaluated, DateTimeOffset evaluatedAt)
    {
        var fresh = results.Where(r => _state.SeenCanaryResults.Add(ResultId(r))).OrderBy(r => r.Timestamp).ToList();
        foreach (var result in fresh)
        {
            _state.SeenCanaryOrder.Enqueue(ResultId(result));
        }

        while (_state.SeenCanaryOrder.Count > SeenResultsCapacity)
        {
            _state.SeenCanaryResults.Remove(_state.SeenCanaryOrder.Dequeue());
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
                    ObserveQualityCounts(series.Quality, series.OpenKinds, series.Scores, key, passed, answered.Count, round.Max(r => r.Timestamp), findings, answered);
                }

                foreach (var r in answered)
                {
                    double evicted = series.LatencyRecent.Add(r.Latency.TotalSeconds);
                    series.LatencyRecentTimes.Add(r.Timestamp.ToUnixTimeSeconds());
                    // Both latency signals compare against a baseline frozen while either has an episode open.
                    if (!double.IsNaN(evicted) && !series.OpenKinds.Contains(FindingKinds.RoutingAnomaly) && !series.OpenKinds.Contains(FindingKinds.LatencyDrift))
                    {
                        series.LatencyBaseline.Add(evicted);
                    }
                }
            }

            ObserveCanaryLatency(series, key, group, findings, evaluatedAt);

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
                    Segment(key),
                    evaluatedAt,
                    group.Min(r => r.Timestamp),
                    "KS D",
                    routing.KsStatistic,
                    routing.PValue,
                    routing.PValue,
                    null,
                    LatencyValue(baseline),
                    LatencyValue(current),
                    $"A second latency population appeared for {key.Canonical}: bimodality {routing.BaselineBimodality:F2} → {routing.CurrentBimodality:F2}, KS D = {routing.KsStatistic:F2} (p = {routing.PValue:G2}) — requests may be routed elsewhere.",
                    group.OrderByDescending(r => r.Latency).Take(_options.MaxExamples).Select(r => CanaryExample(r, $"{r.CaseId} took {r.Latency.TotalMilliseconds:F0} ms")).ToList()));
            }
            else
            {
                // Recovered only when the latencies look like the frozen baseline again, not merely "no longer extreme".
                EndAfterRecovery(series.OpenKinds, series.RecoveryStreaks, FindingKinds.RoutingAnomaly,
                    !routing.Alarm && routing.CurrentBimodality <= BimodalityCoefficient.UniformThreshold && routing.PValue > RoutingRecoveryPValue);
            }
        }

        // Overall pass rate per provider × model across suites: a drop spread thinly over every category (top-k
        // miscompilation) is invisible in each small suite series but clear in their sum. Quality only: latency
        // differs by suite, so mixing suites would look like a second latency population.
        // When a suite series of the same provider × model already explains the drop, the overall series adds no
        // news: its state advances, but it raises nothing of its own (one finding per incident).
        var explainedBySuite = _state.Canaries.Values
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
                    ObserveQualityCounts(series.Quality, series.OpenKinds, series.Scores, key, passed, answered.Count, round.Max(r => r.Timestamp), findings, answered);
                }
            }

            if (explainedBySuite.Contains($"{key.Provider}/{key.Model}"))
            {
                findings.RemoveRange(raisedBefore, findings.Count - raisedBefore);
            }
        }

        foreach (var model in fresh.GroupBy(r => $"{r.Provider}/{r.Model}", StringComparer.Ordinal))
        {
            if (!_state.ModelSwaps.TryGetValue(model.Key, out var detector))
            {
                detector = new ModelSwapDetector();
                _state.ModelSwaps[model.Key] = detector;
            }

            foreach (var round in model.GroupBy(r => (r.RunId, r.Round)).OrderBy(g => g.Min(r => r.Timestamp)))
            {
                var verdict = detector.Observe(round.ToList(), _options.ModelSwapShare, _options.ModelSwapMinimumCases);
                var first = round.First();
                var key = SeriesKey.Of(first.Provider, first.Model);
                if (verdict.Alarm && !_state.OpenModelSwaps.ContainsKey(model.Key))
                {
                    _state.OpenModelSwaps[model.Key] = round.Min(r => r.Timestamp);
                    var fingerprint = verdict.CurrentFingerprint is null ? string.Empty : $"; fingerprint {verdict.PreviousFingerprint} → {verdict.CurrentFingerprint}";
                    findings.Add(new Finding(
                        FindingKinds.ModelSwap,
                        "model-swap",
                        key,
                        Segment(key),
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
                        verdict.Examples.Take(_options.MaxExamples).Select(e => new FindingExample(e.Result.Timestamp, $"{e.Result.Suite}/{e.Result.CaseId} answer changed", e.PreviousAnswer, e.Result.Actual, new Dictionary<string, string>(StringComparer.Ordinal) { ["case_id"] = e.Result.CaseId, ["fingerprint"] = e.Result.SystemFingerprint ?? string.Empty })).ToList()));
                }
                else if (!verdict.Alarm && verdict.ComparedCases >= _options.ModelSwapMinimumCases && verdict.ChangedCases == 0)
                {
                    _state.OpenModelSwaps.Remove(model.Key);
                }
            }
        }
    }

    private void RaiseShiftFindings(List<ShiftCandidate> candidates, List<Finding> findings, DateTimeOffset evaluatedAt)
    {
        if (candidates.Count == 0)
        {
            return;
        }

        var rejected = BenjaminiHochberg.Reject(candidates.Select(c => c.PValue).ToList(), _options.FalseDiscoveryRate);
        for (int i = 0; i < candidates.Count; i++)
        {
            var c = candidates[i];
            if (!rejected[i] || !c.Practical || !c.Series.OpenKinds.Add(c.Signal?.EpisodeKey ?? c.Kind))
            {
                continue;
            }

            var key = c.Series.Key.ToKey();
            if (c.Latency is { } latency && c.Signal is { } signal && c.Windows is { } windows)
            {
                findings.Add(DriftFinding(signal, windows, key, c.Bucket, latency));
            }
            else if (c.Share is { } share)
            {
                findings.Add(ShareFinding(FindingKinds.Truncation, "finish-reason-chi2", key, c.Bucket, share, "chi-square p-value", share.PValue, _options.FalseDiscoveryRate, "length-finish-share",
                    $"{share.CurrentShare:P1} of {key.Provider}/{key.Model} answers stop at max tokens (finish_reason=length; baseline {share.BaselineShare:P1}; χ² = {share.Statistic:F1}, p = {share.PValue:G2}).",
                    FinishExamples(c.Bucket)));
            }
        }

        _ = evaluatedAt;
    }

    private Finding DriftFinding(DriftSignal signal, DriftWindows windows, SeriesKey key, SeriesBucket bucket, LatencyDriftVerdict verdict)
    {
        var day = signal.DayOverDayComparison ? windows.DayOverDay.Day() : [];
        var starts = signal.DayOverDayComparison ? day.Select(b => b.Start).ToArray() : windows.RecentStarts.Items().Select(s => DateTimeOffset.FromUnixTimeSeconds((long)s)).ToArray();
        int first = ChangeIndex(signal.DayOverDayComparison ? day.Select(b => b.Median).ToArray() : windows.Recent.Items(), verdict.BaselineMedian);
        var start = first < starts.Length ? starts[first] : bucket.Start;
        string evidence = $"Mann–Whitney p = {verdict.PValue:G2}, KS D = {verdict.KsStatistic:F2}, BH FDR {_options.FalseDiscoveryRate}";
        string summary = signal.DayOverDayComparison ? signal.Falling
            ? $"{Capitalised(signal.Name)} of {key.Provider}/{key.Model} is {verdict.Ratio:P0} of the same hours yesterday ({verdict.BaselineMedian:F0} → {verdict.CurrentMedian:F0}; {evidence}) — a slow decline the rolling baseline follows."
            : $"{Capitalised(signal.Name)} of {key.Provider}/{key.Model} is {verdict.Ratio:F2}× the same hours yesterday ({verdict.BaselineMedian * 1000:F0} ms → {verdict.CurrentMedian * 1000:F0} ms; {evidence}) — a slow creep the rolling baseline follows."
            : signal.Detector switch
        {
            "ttft-mann-whitney" => $"Median time to first token of {key.Provider}/{key.Model} rose {verdict.Ratio:F2}× ({verdict.BaselineMedian * 1000:F0} ms → {verdict.CurrentMedian * 1000:F0} ms; {evidence}).",
            "output-length-mann-whitney" => $"Output tokens per call of {key.Provider}/{key.Model} fell to {verdict.Ratio:P0} of baseline ({verdict.BaselineMedian:F0} → {verdict.CurrentMedian:F0}; {evidence}) — answers are being cut short.",
            _ => $"Median latency of {key.Provider}/{key.Model} rose {verdict.Ratio:F2}× ({verdict.BaselineMedian * 1000:F0} ms → {verdict.CurrentMedian * 1000:F0} ms; {evidence}).",
        };
        var examples = signal.Falling ? FinishExamples(bucket) : [];
        return new Finding(
            signal.Kind,
            signal.Detector,
            key,
            Segment(key),
            bucket.Start,
            start,
            // The decision is on the p-value (Benjamini–Hochberg at the FDR), so that is the statistic shown against it.
            "Mann–Whitney p-value",
            verdict.PValue,
            _options.FalseDiscoveryRate,
            verdict.PValue,
            null,
            new ValueWithInterval(verdict.BaselineMedian, verdict.BaselineLow, verdict.BaselineHigh, verdict.BaselineCount, signal.Unit),
            new ValueWithInterval(verdict.CurrentMedian, verdict.CurrentLow, verdict.CurrentHigh, verdict.CurrentCount, signal.Unit),
            summary,
            examples);
    }

    private static string Capitalised(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    /// <summary>
    /// Change time estimate: the split of the current window that best fits "baseline median before, a new level after"
    /// in absolute deviation (a one-change L1 segmentation). Robust to a noisy minute before the change, which a
    /// first-value-out-of-range rule mistakes for the start.
    /// </summary>
    internal static int ChangeIndex(double[] values, double baselineMedian)
    {
        int best = values.Length - 1;
        double bestCost = double.PositiveInfinity;
        double before = 0;
        for (int split = 0; split < values.Length; split++)
        {
            var after = values[split..];
            double level = LatencyDriftDetector.Quantile(after, 0.5);
            double cost = before + after.Sum(v => Math.Abs(v - level));
            if (cost < bestCost)
            {
                bestCost = cost;
                best = split;
            }

            before += Math.Abs(values[split] - baselineMedian);
        }

        return best;
    }

    private static Finding ShareFinding(string kind, string detector, SeriesKey key, SeriesBucket bucket, ShareShiftVerdict verdict, string statistic, double statisticValue, double threshold, string unit, string summary, IReadOnlyList<FindingExample> examples) => new(
        kind,
        detector,
        key,
        Segment(key),
        bucket.Start,
        bucket.Start,
        statistic,
        statisticValue,
        threshold,
        verdict.PValue,
        null,
        new ValueWithInterval(verdict.BaselineShare, verdict.BaselineLow, verdict.BaselineHigh, verdict.BaselineCount, unit),
        new ValueWithInterval(verdict.CurrentShare, verdict.CurrentLow, verdict.CurrentHigh, verdict.CurrentCount, unit),
        summary,
        examples);

    private static ValueWithInterval LatencyValue(double[] values) => values.Length == 0
        ? new ValueWithInterval(double.NaN, double.NaN, double.NaN, 0, "seconds")
        : new ValueWithInterval(LatencyDriftDetector.Quantile(values, 0.5), LatencyDriftDetector.Quantile(values, 0.1), LatencyDriftDetector.Quantile(values, 0.9), values.Length, "seconds");

    private static IReadOnlyList<FindingExample> ErrorExamples(SeriesBucket bucket) =>
        bucket.ErrorsByType.OrderByDescending(e => e.Value).Take(3)
            .Select(e => new FindingExample(bucket.Start, $"{e.Value} × {e.Key}", null, null, new Dictionary<string, string>(StringComparer.Ordinal) { ["error_type"] = e.Key, ["count"] = e.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) }))
            .ToList();

    private static IReadOnlyList<FindingExample> ScriptExamples(SeriesBucket bucket) =>
    [
        new FindingExample(bucket.Start, $"{bucket.OutputsWithUnexpectedScript} of {bucket.OutputsAnalysed} outputs with unexpected scripts", null, null,
            bucket.ScriptCharacters.ToDictionary(s => $"script_{s.Key}", s => s.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparer.Ordinal)),
    ];

    private static IReadOnlyList<FindingExample> FinishExamples(SeriesBucket bucket) =>
    [
        new FindingExample(bucket.Start, "finish reasons in the latest minute", null, null,
            bucket.FinishReasons.ToDictionary(f => f.Key, f => f.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparer.Ordinal)),
    ];

    /// <summary>
    /// Latency drift of canary calls, windowed by count rather than by minute: a fast <c>canary run</c> (many rounds a
    /// minute) and a slow schedule (a round every quarter hour) both get a verdict, a step within a few rounds. The
    /// latest <see cref="CanaryLatencyWindow"/> answered calls are compared with the baseline (the older calls, frozen
    /// while an episode is open) by Mann–Whitney, and must also be practically slower (median ratio at least
    /// <see cref="DetectionEngineOptions.LatencyDriftRatio"/>). Tested after every round, so the level is stricter
    /// than the telemetry signals' per-minute FDR.
    /// </summary>
    private void ObserveCanaryLatency(CanarySeriesState series, SeriesKey key, IEnumerable<CanaryResult> results, List<Finding> findings, DateTimeOffset evaluatedAt)
    {
        var baseline = series.LatencyBaseline.Items();
        if (baseline.Length < CanaryLatencyMinimumBaseline)
        {
            return;
        }

        var recent = series.LatencyRecent.Items();
        var current = recent[Math.Max(0, recent.Length - CanaryLatencyWindow)..];
        if (LatencyDriftDetector.Evaluate(baseline, current, _options.LatencyDriftRatio) is not { } verdict)
        {
            return;
        }

        bool alarm = verdict.PracticallyLarge && verdict.PValue < CanaryLatencyAlpha;
        series.Scores["latency-drift"] = alarm ? 1 : Math.Clamp((verdict.Ratio - 1) / (_options.LatencyDriftRatio - 1), 0, 1) * 0.5;
        // A second latency population already reported as a routing anomaly explains the slower median: one incident.
        if (alarm && !series.OpenKinds.Contains(FindingKinds.RoutingAnomaly) && series.OpenKinds.Add(FindingKinds.LatencyDrift))
        {
            var times = series.LatencyRecentTimes.Items()[Math.Max(0, recent.Length - CanaryLatencyWindow)..];
            int first = ChangeIndex(current, verdict.BaselineMedian);
            var start = first < times.Length ? DateTimeOffset.FromUnixTimeSeconds((long)times[first]) : evaluatedAt;
            findings.Add(new Finding(
                FindingKinds.LatencyDrift,
                "canary-latency-mann-whitney",
                key,
                Segment(key),
                evaluatedAt,
                start,
                "Mann–Whitney p-value",
                verdict.PValue,
                CanaryLatencyAlpha,
                verdict.PValue,
                null,
                new ValueWithInterval(verdict.BaselineMedian, verdict.BaselineLow, verdict.BaselineHigh, verdict.BaselineCount, "seconds"),
                new ValueWithInterval(verdict.CurrentMedian, verdict.CurrentLow, verdict.CurrentHigh, verdict.CurrentCount, "seconds"),
                $"Median canary latency of {key.Provider}/{key.Model} rose {verdict.Ratio:F2}× over its last {verdict.CurrentCount} calls ({verdict.BaselineMedian * 1000:F0} ms → {verdict.CurrentMedian * 1000:F0} ms; Mann–Whitney p = {verdict.PValue:G2} against {verdict.BaselineCount} earlier calls).",
                results.OrderByDescending(r => r.Latency).Take(_options.MaxExamples).Select(r => CanaryExample(r, $"{r.CaseId} took {r.Latency.TotalMilliseconds:F0} ms")).ToList()));
        }
        else
        {
            EndAfterRecovery(series.OpenKinds, series.RecoveryStreaks, FindingKinds.LatencyDrift,
                !alarm && verdict.Ratio < _options.LatencyDriftRatio && (verdict.PValue > RoutingRecoveryPValue || verdict.Ratio <= 1));
        }
    }

    private static FindingExample CanaryExample(CanaryResult r, string title) => new(
        r.Timestamp,
        title,
        r.Expected,
        r.Actual,
        new Dictionary<string, string>(StringComparer.Ordinal) { ["case_id"] = r.CaseId, ["category"] = r.Category, ["outcome"] = r.Outcome.ToString().ToLowerInvariant() });

    /// <summary>
    /// The answered results of one round, one per case. Repeats of a temperature-0 case (determinism probes) fail
    /// together; counted separately they would be correlated checks and break the CUSUM's false-alarm calibration.
    /// </summary>
    private static List<CanaryResult> OncePerCase(IEnumerable<CanaryResult> round) =>
        round.Where(r => r.Outcome != CanaryOutcome.Unavailable)
            .GroupBy(r => (r.Suite, r.CaseId))
            .Select(g => g.First())
            .ToList();

    /// <summary>The series of all suites of one provider × model: <c>suite=all</c>.</summary>
    internal const string AllSuites = "all";

    // A KS p-value this large means the recent latencies are consistent with the pre-incident baseline.
    private const double RoutingRecoveryPValue = 0.05;

    // Canary latency by count: the latest 20 answered calls against at least 60 older ones. Twenty calls are a round or
    // two of a typical suite, so a step is reported within a few rounds; tested after every round, hence 1e-4.
    private const int CanaryLatencyWindow = 20;
    private const int CanaryLatencyMinimumBaseline = 60;
    private const double CanaryLatencyAlpha = 1e-4;

    /// <summary>
    /// Ends an open episode only after <see cref="DetectionEngineOptions.RecoveryChecks"/> consecutive checks found the
    /// signal back inside its frozen pre-incident baseline: one quiet check in a noisy fault would otherwise close the
    /// episode, unfreeze the baseline (which then learns the fault) and raise the same incident again later.
    /// </summary>
    private void EndAfterRecovery(HashSet<string> openKinds, Dictionary<string, int> streaks, string kind, bool recovered)
    {
        if (!openKinds.Contains(kind) || !recovered)
        {
            streaks.Remove(kind);
            return;
        }

        var streak = streaks.GetValueOrDefault(kind) + 1;
        if (streak >= _options.RecoveryChecks)
        {
            openKinds.Remove(kind);
            streaks.Remove(kind);
        }
        else
        {
            streaks[kind] = streak;
        }
    }

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
        if (!_state.Canaries.TryGetValue(key.Canonical, out var series))
        {
            series = new CanarySeriesState { Key = SeriesIdentity.From(key) };
            _state.Canaries[key.Canonical] = series;
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

    private static Dictionary<string, string> Segment(SeriesKey key)
    {
        var segment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["provider"] = key.Provider,
            ["model"] = key.Model,
        };
        foreach (var (name, value) in key.Labels)
        {
            segment[name] = value;
        }

        return segment;
    }

    private void PublishScores()
    {
        var best = new Dictionary<(string Provider, string Model, string Detector), double>();
        void Add(SeriesIdentity key, Dictionary<string, double> scores)
        {
            foreach (var (detector, score) in scores)
            {
                var k = (key.Provider, key.Model, detector);
                best[k] = Math.Max(best.GetValueOrDefault(k), double.IsNaN(score) ? 0 : Math.Clamp(score, 0, 1));
            }
        }

        foreach (var s in _state.Telemetry.Values)
        {
            Add(s.Key, s.Scores);
        }

        foreach (var s in _state.Canaries.Values)
        {
            Add(s.Key, s.Scores);
        }

        foreach (var (model, _) in _state.OpenModelSwaps)
        {
            var parts = model.Split('/', 2);
            best[(parts[0], parts.Length > 1 ? parts[1] : string.Empty, "model-swap")] = 1;
        }

        var samples = best.OrderBy(b => b.Key.Provider, StringComparer.Ordinal).ThenBy(b => b.Key.Model, StringComparer.Ordinal).ThenBy(b => b.Key.Detector, StringComparer.Ordinal)
            .Select(b => new MetricSample(
                AnomalyScoreMetric,
                MetricType.Gauge,
                "Latest anomaly score per detector in [0,1] (1 = alarm).",
                new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    ["gen_ai_provider_name"] = b.Key.Provider,
                    ["gen_ai_request_model"] = b.Key.Model,
                    ["detector"] = b.Key.Detector,
                },
                b.Value))
            .ToList();
        lock (_scoresLock)
        {
            _scores = samples;
        }
    }

    private sealed record ShiftCandidate(TelemetrySeriesState Series, string Kind, double PValue, bool Practical, SeriesBucket Bucket, LatencyDriftVerdict? Latency, ShareShiftVerdict? Share, DriftSignal? Signal = null, DriftWindows? Windows = null);
}
