using System.Buffers;
using QualityWatch.Core.Canaries;
using QualityWatch.Core.Findings;
using QualityWatch.Core.Statistics;
using QualityWatch.Core.Telemetry;
using QualityWatch.Detection.Localization;
using QualityWatch.Detection.Multivariate;
using QualityWatch.Detection.Seasonal;
using QualityWatch.Detection.Shift;
using QualityWatch.Detection.Signatures;
using QualityWatch.Detection.Statistics;

namespace QualityWatch.Detection.Engine;

/// <summary>
/// The telemetry signals of one pass, per 1-minute bucket of a series: availability burn rate, latency / time to
/// first token / output length drift (rolling and day over day), output corruption, truncation and the quality of
/// evaluation events on traffic. Latency, length and truncation shifts are collected as candidates and decided
/// together under Benjamini–Hochberg at the end of the pass.
/// </summary>
internal sealed class TelemetrySignalPass(DetectionEngineOptions options, EpisodeRecovery recovery, QualitySignal quality, Func<EngineState> state)
{
    private readonly DetectionEngineOptions _options = options;

    // Values enter the level-drift tests as logarithms (negated for a signal whose fall is the failure), so a change
    // is a ratio whatever the series' scale.
    private readonly LevelDriftDetector _risingLevelDrift = new(new LevelDriftOptions { PracticalChange = Math.Log(options.LevelDriftRatio), Arl0Rows = options.LevelDriftArl0Minutes });
    private readonly List<(DriftSignal Signal, TelemetrySeriesState Series, SeriesBucket Bucket, LevelDriftVerdict Verdict, long Rows)> _levelDriftAlarms = [];
    private readonly LevelDriftDetector _fallingLevelDrift = new(new LevelDriftOptions { PracticalChange = Math.Log(1 / options.OutputLengthDropRatio), Arl0Rows = options.LevelDriftArl0Minutes });

    // Null while the opt-in multivariate test is off: then it costs one null check per bucket and keeps no state.
    private readonly MultivariateDriftDetector? _multivariate = options.MultivariateDrift
        ? new MultivariateDriftDetector(new MultivariateDriftOptions { Arl0Hours = options.MultivariateDriftArl0Hours, RetrainHours = options.MultivariateDriftRetrainHours })
        : null;

    private readonly List<(TelemetrySeriesState Series, SeriesBucket Bucket, MultivariateDriftVerdict Verdict)> _multivariateAlarms = [];

    /// <summary>Detector name of the multivariate drift test in findings and metrics.</summary>
    public const string MultivariateDetector = "pca-drift";

    // Each signal's three comparisons, built once: DriftSignal.DayOverDay and .Level make a new record per call.
    private static readonly DriftComparisons Latency = new(DriftSignal.Latency);
    private static readonly DriftComparisons TimeToFirstToken = new(DriftSignal.TimeToFirstToken);
    private static readonly DriftComparisons OutputLength = new(DriftSignal.OutputLength);

    // Scratch reused by every pass (passes run one at a time) rather than allocated: none of it outlives the pass.
    private readonly Dictionary<string, long> _currentFinishReasons = new(StringComparer.Ordinal);
    private readonly List<ShiftCandidate> _candidates = [];

    private EngineState State => state();

    /// <summary>Takes <paramref name="buckets"/> in time order; adds findings and the evaluated series.</summary>
    public void Run(IReadOnlyList<SeriesBucket> buckets, List<Finding> findings, Dictionary<string, SeriesKey> evaluated)
    {
        var candidates = _candidates;
        candidates.Clear();
        foreach (var bucket in buckets.OrderBy(b => b.Start))
        {
            string id = bucket.Key.Canonical;
            ProcessBucket(bucket, id, findings, candidates);
            evaluated[id] = bucket.Key;
        }

        RaiseShiftFindings(candidates, findings);
        candidates.Clear();
        RaiseLevelDriftFindings(findings);
        RaiseMultivariateFindings(findings);
    }

    /// <summary>
    /// Multivariate alarms wait for the end of the pass too: when a single signal's own test opened an episode on the
    /// series in the same pass, that finding names the fault better, and the multivariate episode is dropped (its CUSUM
    /// restarts) rather than paging twice for one incident.
    /// </summary>
    private void RaiseMultivariateFindings(List<Finding> findings)
    {
        foreach (var (series, bucket, verdict) in _multivariateAlarms)
        {
            if (series.OpenKinds.Count > 1)
            {
                series.OpenKinds.Remove(FindingKinds.MultivariateDrift);
                series.Multivariate!.Cusum = 0;
                continue;
            }

            findings.Add(FindingFactory.MultivariateDriftFinding(series.Key.ToKey(), bucket, verdict, _options.MultivariateDriftArl0Hours));
        }

        _multivariateAlarms.Clear();
    }

    /// <summary>
    /// Every bucket of a traffic series feeds its hour; a closed hour is scored by the multivariate drift test. Canary
    /// series are left out: their few calls an hour give no stable hourly medians, and their results are judged by count.
    /// </summary>
    private void ObserveMultivariate(MultivariateDriftDetector detector, TelemetrySeriesState series, SeriesBucket bucket)
    {
        var fleet = State.Multivariate ??= new MultivariateDriftState();
        var own = series.Multivariate ??= new MultivariateSeriesState();
        bool inEpisode = series.OpenKinds.Contains(FindingKinds.MultivariateDrift);
        bool otherEpisodeOpen = series.OpenKinds.Count > (inEpisode ? 1 : 0);
        var verdict = detector.Observe(fleet, own, bucket, inEpisode, otherEpisodeOpen, () => State.Telemetry.Values.Select(s => s.Multivariate).OfType<MultivariateSeriesState>());
        if (verdict is null)
        {
            return;
        }

        series.Scores[MultivariateDetector] = verdict.Statistic / verdict.Threshold;
        if (verdict.Alarm && series.OpenKinds.Add(FindingKinds.MultivariateDrift))
        {
            _multivariateAlarms.Add((series, bucket, verdict));
        }
        else if (inEpisode)
        {
            // Recovered: the hour's score is back under the allowance, for RecoveryChecks hours in a row.
            recovery.EndAfterRecovery(series.OpenKinds, series.RecoveryStreaks, FindingKinds.MultivariateDrift, verdict.NormalScore < MultivariateDriftOptions.Defaults.Allowance);
            if (!series.OpenKinds.Contains(FindingKinds.MultivariateDrift))
            {
                own.Cusum = 0;
            }
        }
    }

    /// <summary>
    /// Level-drift alarms wait for the end of the pass: a step trips the rolling comparison and the level-drift CUSUM in
    /// the same minute, and the rolling finding (decided under Benjamini–Hochberg at the end of the pass) says more about
    /// a step. A drift another comparison of the same signal reported is the same incident: no second finding.
    /// </summary>
    private void RaiseLevelDriftFindings(List<Finding> findings)
    {
        foreach (var (signal, series, bucket, verdict, rows) in _levelDriftAlarms)
        {
            if (!ReportedByAnotherComparison(series, signal))
            {
                findings.Add(FindingFactory.LevelDriftFinding(signal, series.Key.ToKey(), bucket, verdict, _options.LevelDriftArl0Minutes, rows));
            }
        }

        _levelDriftAlarms.Clear();
    }

    private void ProcessBucket(SeriesBucket bucket, string id, List<Finding> findings, List<ShiftCandidate> candidates)
    {
        if (!State.Telemetry.TryGetValue(id, out var series))
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
            State.Telemetry[id] = series;
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
                FindingFactory.Segment(key),
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
                FindingFactory.ErrorExamples(bucket)));
        }
        else
        {
            recovery.EndAfterRecovery(series.OpenKinds, series.RecoveryStreaks, FindingKinds.Availability, !burn.Alarm && BurnRateDetector.Score(burn) < 0.5);
        }

        // Latency, time to first token and output length: recent window vs baseline; each baseline is frozen while
        // its drift is open.
        if (bucket.LatencyP50Seconds is { } p50)
        {
            var latency = new DriftWindows(series.LatencyBaseline, series.LatencyBaselineStarts, series.LatencyRecent, series.LatencyRecentStarts, series.LatencyDayOverDay, series.LatencyLevelDrift);
            ObserveDrift(Latency, series, latency, p50, bucket, candidates);
        }

        if (bucket.TimeToFirstTokenP50Seconds is { } ttft)
        {
            series.TimeToFirstToken ??= new DriftWindows(_options.RecentWindowBuckets, _options.BaselineWindowBuckets);
            ObserveDrift(TimeToFirstToken, series, series.TimeToFirstToken, ttft, bucket, candidates);
        }

        // Output tokens per successful call; a bucket without any token usage (not reported by the provider) is skipped.
        long answered = bucket.Count - bucket.Errors;
        if (answered > 0 && (bucket.OutputTokens > 0 || bucket.InputTokens > 0))
        {
            series.OutputTokensPerCall ??= new DriftWindows(_options.RecentWindowBuckets, _options.BaselineWindowBuckets);
            ObserveDrift(OutputLength, series, series.OutputTokensPerCall, bucket.OutputTokens / (double)answered, bucket, candidates);
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
                    findings.Add(FindingFactory.ShareFinding(FindingKinds.OutputCorruption, "output-corruption", key, bucket, verdict, "current share, lower 95 % bound", verdict.CurrentLow, verdict.BaselineHigh, "outputs-with-unexpected-script",
                        $"{verdict.CurrentShare:P1} of {key.Provider}/{key.Model} outputs contain unexpected Unicode scripts (baseline {verdict.BaselineShare:P2}).",
                        FindingFactory.ScriptExamples(bucket)));
                }
                else
                {
                    recovery.EndAfterRecovery(series.OpenKinds, series.RecoveryStreaks, FindingKinds.OutputCorruption, !verdict.Alarm && verdict.CurrentLow <= verdict.BaselineHigh);
                }
            }
        }

        // Truncation: finish-reason mix vs baseline.
        if (bucket.FinishReasons.Count > 0)
        {
            // The oldest minute leaves the window as this one enters, and its dictionary takes this minute's counts.
            Dictionary<string, long> minute;
            if (series.FinishRecent.Count >= _options.RecentWindowBuckets)
            {
                minute = series.FinishRecent[0];
                series.FinishRecent.RemoveAt(0);
                if (!series.OpenKinds.Contains(FindingKinds.Truncation))
                {
                    foreach (var (reason, count) in minute)
                    {
                        series.FinishBaseline[reason] = series.FinishBaseline.GetValueOrDefault(reason) + count;
                    }
                }

                minute.Clear();
            }
            else
            {
                minute = new Dictionary<string, long>(StringComparer.Ordinal);
            }

            foreach (var (reason, count) in bucket.FinishReasons)
            {
                minute.Add(reason, count);
            }

            series.FinishRecent.Add(minute);
            long baselineTotal = 0;
            foreach (long count in series.FinishBaseline.Values)
            {
                baselineTotal = checked(baselineTotal + count);
            }

            if (baselineTotal >= 50)
            {
                var current = _currentFinishReasons;
                current.Clear();
                foreach (var recent in series.FinishRecent)
                {
                    foreach (var (reason, count) in recent)
                    {
                        current[reason] = current.GetValueOrDefault(reason) + count;
                    }
                }

                var verdict = TruncationDetector.Evaluate(series.FinishBaseline, current, _options.MinimumTruncationIncrease);
                series.Scores["finish-reason-chi2"] = verdict.Alarm ? 1 - verdict.PValue : 0.5 * (1 - verdict.PValue);
                candidates.Add(new ShiftCandidate(series, FindingKinds.Truncation, verdict.PValue, verdict.Alarm, bucket, null, verdict));
                recovery.EndAfterRecovery(series.OpenKinds, series.RecoveryStreaks, FindingKinds.Truncation, !verdict.Alarm && verdict.CurrentLow <= verdict.BaselineHigh);
            }
        }

        // Quality from evaluation events on traffic series (canary series are fed by canary results instead).
        if (bucket.QualityTotal > 0 && !key.Labels.ContainsKey("suite"))
        {
            series.Quality ??= new QualityState();
            quality.Observe(series.Quality, series.OpenKinds, series.Scores, key, bucket.QualityPassed, bucket.QualityTotal, bucket.Start, findings, []);
        }

        if (_multivariate is { } multivariate && !key.Labels.ContainsKey("suite"))
        {
            ObserveMultivariate(multivariate, series, bucket);
        }
    }

    private void ObserveDrift(DriftComparisons signal, TelemetrySeriesState series, DriftWindows windows, double value, SeriesBucket bucket, List<ShiftCandidate> candidates)
    {
        ObserveDayOverDay(signal.DayOverDay, series, windows, value, bucket, candidates);
        ObserveLevelDrift(signal.Level, series, windows, value, bucket);
        bool open = series.OpenKinds.Contains(signal.Rolling.EpisodeKey);
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
        // frozen by an open drift, which must stay the pre-drift reference however old it gets. The selected values go
        // into a pooled buffer: this runs for every drift signal of every series each minute.
        var rented = ArrayPool<double>.Shared.Rent(windows.Recent.Count + windows.Baseline.Count);
        try
        {
            var current = rented.AsSpan(0, windows.Recent.Count);
            current = current[..Within(windows.Recent, windows.RecentStarts, now - (_options.RecentWindowBuckets * 60L) + 1, current)];
            var baseline = rented.AsSpan(windows.Recent.Count, windows.Baseline.Count);
            baseline = baseline[..(open || windows.BaselineStarts.Count != windows.Baseline.Count
                ? windows.Baseline.CopyTo(baseline)
                : Within(windows.Baseline, windows.BaselineStarts, now - ((_options.RecentWindowBuckets + _options.BaselineWindowBuckets) * 60L) + 1, baseline))];
            var verdict = LatencyDriftDetector.Evaluate(baseline, current, PracticalRatio(signal.Rolling), signal.Rolling.Falling);
            if (verdict is not null)
            {
                AddDriftCandidate(signal.Rolling, series, windows, verdict, bucket, candidates);
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(rented);
        }
    }

    /// <summary>Copies the values whose bucket started at <paramref name="from"/> or later into <paramref name="destination"/>, oldest first; returns how many.</summary>
    private static int Within(CountWindow values, CountWindow starts, long from, Span<double> destination)
    {
        int copied = 0;
        for (int i = 0; i < values.Count; i++)
        {
            if (i < starts.Count && starts[i] >= from)
            {
                destination[copied++] = values[i];
            }
        }

        return copied;
    }

    /// <summary>
    /// Every minute of a traffic series, from the first hours: the slow level-drift test (a seasonal, robust CUSUM against a reference that
    /// forgets over half a day), which sees a creep of a few percent an hour that the rolling windows follow. A drift
    /// another comparison of the same signal already reported is the same incident: its episode is tracked, no second
    /// finding is raised.
    /// </summary>
    private void ObserveLevelDrift(DriftSignal signal, TelemetrySeriesState series, DriftWindows windows, double value, SeriesBucket bucket)
    {
        // Canary series' latency is judged on the canary results themselves (windowed by calls, per suite); a level
        // test on their telemetry too would page once per suite for the one creep the traffic series already shows.
        if (value <= 0 || bucket.Key.Labels.ContainsKey("suite"))
        {
            return;
        }

        var detector = signal.Falling ? _fallingLevelDrift : _risingLevelDrift;
        double x = signal.Falling ? -Math.Log(value) : Math.Log(value);
        var verdict = detector.Observe(windows.LevelDrift, x, bucket.Start.ToUnixTimeSeconds() / 60);
        if (verdict is null)
        {
            return;
        }

        series.Scores[signal.Detector] = verdict.Score;
        if (verdict.Alarm && series.OpenKinds.Add(signal.EpisodeKey))
        {
            _levelDriftAlarms.Add((signal, series, bucket, verdict, windows.LevelDrift.Rows));
        }
        else if (verdict.Recovered)
        {
            series.OpenKinds.Remove(signal.EpisodeKey);
            series.RecoveryStreaks.Remove(signal.EpisodeKey);
        }
    }

    /// <summary>Every five minutes, once a day of history exists: the last two hours against yesterday's same hours ± 1 h.</summary>
    private void ObserveDayOverDay(DriftSignal signal, TelemetrySeriesState series, DriftWindows windows, double value, SeriesBucket bucket, List<ShiftCandidate> candidates)
    {
        if (!windows.DayOverDay.Add(value, bucket.Start) || !windows.DayOverDay.HasADay)
        {
            return;
        }

        Span<double> reference = stackalloc double[DayOverDayWindows.ReferenceBlocks];
        Span<double> current = stackalloc double[DayOverDayWindows.CurrentBlocks];
        var (referenceCount, currentCount) = windows.DayOverDay.Compare(reference, current);
        var verdict = LatencyDriftDetector.Evaluate(reference[..referenceCount], current[..currentCount], PracticalRatio(signal), signal.Falling);
        if (verdict is not null)
        {
            // A step the rolling comparison already reported is the same incident: no second finding for it.
            bool reported = ReportedByAnotherComparison(series, signal);
            AddDriftCandidate(signal, series, windows, reported ? verdict with { PracticallyLarge = false } : verdict, bucket, candidates);
        }
    }

    /// <summary>Another comparison of the same signal has an episode open: the same incident, no second finding.</summary>
    private static bool ReportedByAnotherComparison(TelemetrySeriesState series, DriftSignal signal) =>
        signal.ComparisonEpisodeKeys.Any(key => key != signal.EpisodeKey && series.OpenKinds.Contains(key));

    private double PracticalRatio(DriftSignal signal) => signal.Falling ? 1 / _options.OutputLengthDropRatio : _options.LatencyDriftRatio;

    private void AddDriftCandidate(DriftSignal signal, TelemetrySeriesState series, DriftWindows windows, LatencyDriftVerdict verdict, SeriesBucket bucket, List<ShiftCandidate> candidates)
    {
        double ratio = PracticalRatio(signal);

        // Distance towards the practical threshold on a log scale, so rises and drops score alike.
        double progress = Math.Clamp(Math.Abs(Math.Log(verdict.Ratio)) / Math.Log(ratio), 0, 1);
        bool wrongDirection = signal.Falling ? verdict.Ratio > 1 : verdict.Ratio < 1;
        series.Scores[signal.Detector] = verdict.PracticallyLarge ? 1 - verdict.PValue : (wrongDirection ? 0 : progress * 0.5);
        candidates.Add(new ShiftCandidate(series, signal.Kind, verdict.PValue, verdict.PracticallyLarge, bucket, verdict, null, signal, windows));
        recovery.EndAfterRecovery(series.OpenKinds, series.RecoveryStreaks, signal.EpisodeKey, !verdict.PracticallyLarge && (wrongDirection || progress < 0.5));
    }

    private void RaiseShiftFindings(List<ShiftCandidate> candidates, List<Finding> findings)
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
                findings.Add(FindingFactory.DriftFinding(_options.FalseDiscoveryRate, signal, windows, key, c.Bucket, latency));
            }
            else if (c.Share is { } share)
            {
                findings.Add(FindingFactory.ShareFinding(FindingKinds.Truncation, "finish-reason-chi2", key, c.Bucket, share, "chi-square p-value", share.PValue, _options.FalseDiscoveryRate, "length-finish-share",
                    $"{share.CurrentShare:P1} of {key.Provider}/{key.Model} answers stop at max tokens (finish_reason=length; baseline {share.BaselineShare:P1}; χ² = {share.Statistic:F1}, p = {share.PValue:G2}).",
                    FindingFactory.FinishExamples(c.Bucket)));
            }
        }
    }
}
