using Microsoft.ML.Data;
using QualityWatch.Core.Canaries;
using QualityWatch.Core.Findings;
using QualityWatch.Core.Telemetry;
using QualityWatch.Detection.Engine;

namespace QualityWatch.Detection.Fingerprints;

/// <summary>
/// Silent model swap for providers without a system fingerprint: a classifier trained on every configured model's
/// healthy canary answers (<see cref="FingerprintTrainer"/>) gives, for each new answer served under a name, the
/// posterior that the named model wrote it; a falling posterior is evidence that another model now answers. Per
/// identity, Page's CUSUM of calibrated e-value increments (<see cref="FingerprintCalibration"/>) alarms at
/// log(ARL₀), which bounds the in-control average run length below by ARL₀ answers. Kind <c>model-swap</c>, so the
/// answer-change signature (<c>model-swap</c> detector) and this one make one alert: while either has the episode
/// open the other raises nothing.
/// </summary>
/// <remarks>
/// Lorden (1971) for CUSUM with likelihood-ratio increments; Shin, Ramdas &amp; Rinaldo (2023), "E-detectors", for the
/// bound E₀[T] ≥ 1/α when every increment's exponential has mean at most 1 under the null — what the calibration
/// enforces on held-out healthy answers.
/// </remarks>
internal sealed class ModelFingerprintSignal(DetectionEngineOptions options, EpisodeRecovery recovery)
{
    internal const string Detector = "model-fingerprint";

    // Pending answers beyond this are dropped (not pooled): an excursion that long without an alarm is not healthy data.
    private const int PendingCapacity = 2_000;

    private readonly double _threshold = Math.Log(options.ModelFingerprintArl0);

    /// <summary>The CUSUM threshold h = log(ARL₀).</summary>
    public double Threshold => _threshold;

    /// <summary>Whether the fingerprint holds a swap episode open for <paramref name="identity"/>.</summary>
    public static bool IsOpen(FingerprintState state, string identity) =>
        state.Monitors.TryGetValue(identity, out var monitor) && monitor.OpenKinds.Contains(FindingKinds.ModelSwap);

    /// <summary>
    /// The answer-change signature raised a swap for <paramref name="identity"/>: the same episode, so the fingerprint
    /// opens it too (no second finding, nothing of it learnt) and ends it only when the answers look like the model again.
    /// </summary>
    public static void NoteSwapRaised(FingerprintState state, string identity)
    {
        var monitor = state.Monitor(identity);
        monitor.OpenKinds.Add(FindingKinds.ModelSwap);
        monitor.RecoveryStreaks.Clear();
        monitor.Statistic = 0;
        monitor.EpisodeAnswers = 0;
        monitor.ClearExcursion();
    }

    /// <summary>Scores one round of <paramref name="identity"/>'s answered results; adds a finding on an alarm.</summary>
    public void Observe(FingerprintState state, string identity, bool swapOpenElsewhere, IReadOnlyList<CanaryResult> round, List<Finding> findings)
    {
        var answers = round.Where(r => r.Outcome != CanaryOutcome.Unavailable && r.Actual is not null).ToList();
        if (answers.Count == 0)
        {
            return;
        }

        var monitor = state.Monitor(identity);
        var model = state.CurrentModel();
        if (model is null || !model.Knows(identity) || monitor.Relearning)
        {
            // No verdict without a model for this identity; healthy answers build the pool it will be trained on. With
            // nothing to judge recovery by, an episode the answer-change signature opened ends with that signature's.
            if (!swapOpenElsewhere && monitor.OpenKinds.Remove(FindingKinds.ModelSwap))
            {
                monitor.RecoveryStreaks.Clear();
                monitor.EpisodeAnswers = 0;
                monitor.Statistic = 0;
                monitor.ClearExcursion();
            }

            if (!monitor.OpenKinds.Contains(FindingKinds.ModelSwap) && !swapOpenElsewhere)
            {
                foreach (var result in answers)
                {
                    AddToPool(state, identity, StoredAnswer.Of(CaseKey(result), result.Actual));
                }
            }

            return;
        }

        var calibration = model.Calibrations[identity];
        int column = model.IndexOf(identity);
        var scores = model.Score([.. answers.Select(r => AnswerFeatures.Extract(CaseKey(r), r.Actual))]);
        for (int i = 0; i < answers.Count; i++)
        {
            var result = answers[i];
            double posterior = scores[i][column];
            double increment = FingerprintTrainer.Increment(FingerprintModel.LogOddsAgainst(posterior), calibration.Lambda, calibration.Offset, options.ModelFingerprintSwapShare)
                - calibration.Allowance;
            monitor.Statistic = Math.Max(0, monitor.Statistic + increment);
            bool open = monitor.OpenKinds.Contains(FindingKinds.ModelSwap) || swapOpenElsewhere;
            if (monitor.Statistic <= 0)
            {
                if (!open)
                {
                    foreach (var pending in monitor.Pending)
                    {
                        AddToPool(state, identity, pending);
                    }

                    AddToPool(state, identity, StoredAnswer.Of(CaseKey(result), result.Actual));
                }

                monitor.ClearExcursion();
                continue;
            }

            Track(monitor, model, scores[i], column, result, posterior);
            if (monitor.Statistic < _threshold)
            {
                continue;
            }

            if (!open)
            {
                findings.Add(Raise(monitor, model, calibration, identity, result));
            }

            // Restarted after the alarm: while the episode is open, a statistic back at zero is what recovery means.
            if (monitor.OpenKinds.Add(FindingKinds.ModelSwap))
            {
                monitor.EpisodeAnswers = 0;
            }

            monitor.RecoveryStreaks.Clear();
            monitor.Statistic = 0;
            monitor.ClearExcursion();
        }

        recovery.EndAfterRecovery(monitor.OpenKinds, monitor.RecoveryStreaks, FindingKinds.ModelSwap, monitor.Statistic <= 0);
        if (monitor.OpenKinds.Contains(FindingKinds.ModelSwap))
        {
            monitor.EpisodeAnswers += answers.Count;
            if (monitor.EpisodeAnswers >= options.ModelFingerprintMaximumAnswers)
            {
                Accept(state, identity, monitor);
            }
        }
    }

    /// <summary>
    /// A change that has not gone away after a pool's worth of answers is the new normal, as the answer-change signature
    /// takes the new answers as its reference from the next round on: the episode ends, the identity's pool is emptied
    /// and it is learnt afresh from the answers served under its name now (no verdict on it until then). Without this an
    /// accepted swap would hold the episode open for good, and with it every later swap of that model unreported.
    /// </summary>
    private static void Accept(FingerprintState state, string identity, FingerprintMonitor monitor)
    {
        monitor.OpenKinds.Remove(FindingKinds.ModelSwap);
        monitor.RecoveryStreaks.Clear();
        monitor.Statistic = 0;
        monitor.EpisodeAnswers = 0;
        monitor.ClearExcursion();
        monitor.Relearning = true;
        state.AnswerPool.Remove(identity);
    }

    /// <summary>How close the identity's statistic is to the threshold, in [0, 1] (1 while its episode is open).</summary>
    public double Score(FingerprintState state, string identity) =>
        !state.Monitors.TryGetValue(identity, out var monitor) ? 0
        : monitor.OpenKinds.Contains(FindingKinds.ModelSwap) ? 1
        : Math.Clamp(monitor.Statistic / _threshold, 0, 1);

    /// <summary>
    /// Trains when the pool first allows it and then every <see cref="DetectionEngineOptions.ModelFingerprintRetrainAnswers"/>
    /// new healthy answers; returns whether it trained.
    /// </summary>
    public bool RetrainIfDue(FingerprintState state)
    {
        bool untrained = state.ModelBytes is null;
        if (untrained
            ? state.Pool.Count(p => p.Value.Count >= options.ModelFingerprintMinimumAnswers) < 2 || state.AddedSinceTraining == 0
            : state.AddedSinceTraining < options.ModelFingerprintRetrainAnswers)
        {
            return false;
        }

        var model = FingerprintTrainer.Train(state.Pool, options.ModelFingerprintMinimumAnswers, options.ModelFingerprintSwapShare, out var elapsed);
        state.AddedSinceTraining = 0;
        state.LastTrainingMilliseconds = elapsed.TotalMilliseconds;
        state.LastTrainingRows = state.Pool.Values.Sum(p => p.Count);
        if (model is null)
        {
            return false;
        }

        state.Model = model;
        state.ModelBytes = model.Save();
        foreach (var (identity, monitor) in state.Monitors)
        {
            // Trained on the answers it has been given since it was accepted as changed: it has a verdict again.
            monitor.Relearning &= !model.Knows(identity);
        }

        state.Classes = [.. model.Classes];
        state.Calibrations = new Dictionary<string, FingerprintCalibration>(model.Calibrations, StringComparer.Ordinal);
        return true;
    }

    /// <summary>
    /// Rebuilds the restored <paramref name="state"/>'s pool from its checkpoint <paramref name="record"/> (null when
    /// none was stored) and the snapshot's tail, or from the whole pool an older snapshot carried.
    /// </summary>
    public void RestorePool(FingerprintState state, FingerprintPoolRecord? record)
    {
        state.AnswerPool.Restore(record, state.InlinePool, options.ModelFingerprintMaximumAnswers);
        state.InlinePool = null;
    }

    private void AddToPool(FingerprintState state, string identity, StoredAnswer answer)
    {
        state.AnswerPool.Add(identity, answer, options.ModelFingerprintMaximumAnswers);
        state.AddedSinceTraining++;
    }

    private void Track(FingerprintMonitor monitor, FingerprintModel model, double[] scores, int column, CanaryResult result, double posterior)
    {
        monitor.ExcursionAnswers++;
        monitor.ExcursionStart ??= result.Timestamp;
        monitor.ExcursionPosterior += posterior;
        string resembles = string.Empty;
        double best = -1;
        for (int c = 0; c < scores.Length; c++)
        {
            if (c == column)
            {
                continue;
            }

            var other = model.Classes[c];
            monitor.ExcursionResemblance[other] = monitor.ExcursionResemblance.GetValueOrDefault(other) + scores[c];
            if (scores[c] > best)
            {
                best = scores[c];
                resembles = other;
            }
        }

        if (monitor.Pending.Count < PendingCapacity)
        {
            monitor.Pending.Add(StoredAnswer.Of(CaseKey(result), result.Actual));
        }

        if (options.MaxExamples > 0 && (monitor.Examples.Count < options.MaxExamples || posterior < monitor.Examples[^1].Posterior))
        {
            monitor.Examples.Add(new FingerprintExample
            {
                Timestamp = result.Timestamp, Suite = result.Suite, CaseId = result.CaseId, Answer = AnswerFeatures.Excerpt(result.Actual, 500),
                Posterior = posterior, Resembles = resembles, TraceId = result.TraceId, SpanId = result.SpanId,
            });
            monitor.Examples.Sort((a, b) => a.Posterior.CompareTo(b.Posterior));
            if (monitor.Examples.Count > options.MaxExamples)
            {
                monitor.Examples.RemoveAt(monitor.Examples.Count - 1);
            }
        }
    }

    private Finding Raise(FingerprintMonitor monitor, FingerprintModel model, FingerprintCalibration calibration, string identity, CanaryResult last)
    {
        var key = SeriesKey.Of(last.Provider, last.Model);
        double now = monitor.ExcursionPosterior / Math.Max(1, monitor.ExcursionAnswers);
        var (resembles, resemblance) = monitor.ExcursionResemblance.Count == 0
            ? ("an unknown model", 0.0)
            : monitor.ExcursionResemblance.OrderByDescending(r => r.Value).ThenBy(r => r.Key, StringComparer.Ordinal).Select(r => (r.Key, r.Value / monitor.ExcursionAnswers)).First();
        var examples = monitor.Examples.Select(e => new FindingExample(
            e.Timestamp,
            $"{e.Suite}/{e.CaseId}: P({identity}) = {e.Posterior:F3}, most like {e.Resembles}",
            null,
            e.Answer,
            Attributes(e))).ToList();
        return new Finding(
            FindingKinds.ModelSwap,
            Detector,
            key,
            FindingFactory.Segment(key),
            last.Timestamp,
            monitor.ExcursionStart ?? last.Timestamp,
            "CUSUM of log e-values that another configured model answers",
            monitor.Statistic,
            _threshold,
            null,
            Math.Exp(monitor.Statistic),
            new ValueWithInterval(calibration.HealthyPosterior, calibration.HealthyPosterior, calibration.HealthyPosterior, calibration.HealthyAnswers, "posterior"),
            new ValueWithInterval(now, now, now, monitor.ExcursionAnswers, "posterior"),
            $"Answers served as {identity} no longer look like it: the fingerprint's posterior P({identity} | answer) fell from {calibration.HealthyPosterior:F2} on healthy answers to {now:F2} over the last {monitor.ExcursionAnswers} answers, which look most like {resembles} (mean posterior {resemblance:F2}). The model behind the name was likely swapped.",
            examples);

        static Dictionary<string, string> Attributes(FingerprintExample e)
        {
            var attributes = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["case_id"] = e.CaseId,
                ["posterior"] = e.Posterior.ToString("G4", System.Globalization.CultureInfo.InvariantCulture),
                ["resembles"] = e.Resembles,
            };
            if (e.TraceId is not null)
            {
                attributes["trace_id"] = e.TraceId;
            }

            if (e.SpanId is not null)
            {
                attributes["span_id"] = e.SpanId;
            }

            return attributes;
        }
    }

    private static string CaseKey(CanaryResult r) => $"{r.Suite}/{r.CaseId}";
}
