using QualityWatch.Core.Canaries;
using QualityWatch.Core.Findings;
using QualityWatch.Core.Telemetry;
using QualityWatch.Detection.Fingerprints;

namespace QualityWatch.Detection.Engine;

/// <summary>
/// The detection engine: consumes new 1-minute <see cref="SeriesBucket"/>s and new <see cref="CanaryResult"/>s
/// incrementally (O(1)/O(window) per bucket per series), runs the quality CUSUM, burn-rate, latency / time-to-first-token /
/// output-length drift (rolling and day over day), output-corruption,
/// truncation, routing and model-swap signatures, the model-identity fingerprint (an ML.NET classifier of canary
/// answers) and, opt-in, the hourly multivariate PCA drift test, and emits <see cref="Finding"/>s with evidence. Pure: no I/O, no clock;
/// state round-trips through <see cref="Snapshot"/>/<see cref="Restore"/>. Not thread-safe: one pass at a time.
/// The signals themselves are in <see cref="TelemetrySignalPass"/>, <see cref="CanarySignalPass"/> and
/// <see cref="QualitySignal"/>, their evidence in <see cref="FindingFactory"/>; the latest score per signal is
/// <see cref="Scores"/> (exposed on <c>/metrics</c> by <see cref="AnomalyScoreMetrics"/>).
/// </summary>
public sealed class DetectionEngine
{
    // The canary tests whose evidence more canaries sharpen: pass rate, temperature-0 divergence, greedy violations,
    // sticky routing.
    private static readonly string[] QualityDetectors = ["bernoulli-cusum", SamplingDivergenceSignal.Detector, GreedyViolationSignal.Detector, StickyRoutingSignal.Detector];
    private static readonly string[] QualityKinds = [FindingKinds.QualityRegression, FindingKinds.SamplingDivergence, GreedyViolationSignal.EpisodeKey, FindingKinds.StickyRouting];

    private readonly EpisodeRecovery _recovery;
    private readonly TelemetrySignalPass _telemetry;
    private readonly CanarySignalPass _canaries;
    private readonly ModelFingerprintSignal _fingerprint;
    private EngineState _state = new();

    // Reused by every pass (passes run one at a time): rebuilt each pass, with LINQ's sort keys, they allocated about
    // 2 KB per series-minute. Not part of the serialised state.
    private readonly Dictionary<(string Provider, string Model, string Detector), double> _bestScores = [];
    private readonly List<KeyValuePair<(string Provider, string Model, string Detector), double>> _sortedScores = [];
    private volatile IReadOnlyList<AnomalyScore> _scores = [];
    private volatile IReadOnlyDictionary<(string Provider, string Model, string Suite), double> _canaryEvidence = new Dictionary<(string, string, string), double>();

    /// <summary>Creates an engine; throws <see cref="ArgumentOutOfRangeException"/> naming an invalid option.</summary>
    public DetectionEngine(DetectionEngineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _recovery = new EpisodeRecovery(options.RecoveryChecks);
        var monitor = new QualityMonitor(options);
        var quality = new QualitySignal(options, monitor, _recovery);
        _telemetry = new TelemetrySignalPass(options, _recovery, quality, () => _state);
        _fingerprint = new ModelFingerprintSignal(options, _recovery);
        _canaries = new CanarySignalPass(options, _recovery, quality, new SamplingDivergenceSignal(options, monitor, _recovery), new GreedyViolationSignal(options, _recovery), new StickyRoutingSignal(options, _recovery), new CanaryLatencySignal(options, _recovery), _fingerprint, () => _state);
    }

    /// <summary>The latest anomaly score per provider, model and detector in [0, 1] (1 = alarm), after the last pass.</summary>
    public IReadOnlyList<AnomalyScore> Scores => _scores;

    /// <summary>
    /// How close the canary quality tests of one suite on one model are to an alarm after the last pass, in [0, 1]:
    /// the largest of the pass-rate CUSUM, the temperature-0 divergence, the greedy-violation and the sticky-routing statistics as a share of
    /// its threshold, on that suite's series or on the model's all-suites series; 0 for a series whose quality episode
    /// is already open (the incident has its answer). The canary scheduler raises a suite's rate on a model whose
    /// evidence passes half the threshold.
    /// </summary>
    public double CanaryEvidence(string provider, string model, string suite)
    {
        var evidence = _canaryEvidence;
        return Math.Max(evidence.GetValueOrDefault((provider, model, suite)), evidence.GetValueOrDefault((provider, model, CanarySignalPass.AllSuites)));
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
        var evaluated = new Dictionary<string, SeriesKey>(buckets.Count, StringComparer.Ordinal);
        _telemetry.Run(buckets, findings, evaluated);
        _canaries.Run(canaryResults, findings, evaluated, evaluatedAt);

        // A series with an open episode, its own or inherited, is not healthy whatever this pass saw.
        var open = new HashSet<string>(StringComparer.Ordinal);
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

    /// <summary>
    /// A serialised copy of the whole state; of the fingerprint's answer pool, the answers added since its last
    /// checkpoint, which travels beside it (<see cref="DetectionStateSnapshot.FingerprintPool"/>).
    /// </summary>
    public DetectionStateSnapshot Snapshot() => DetectionStateSnapshot.From(_state);

    /// <summary>Replaces the state with <paramref name="snapshot"/> (taken with the same options).</summary>
    public void Restore(DetectionStateSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var state = snapshot.ToState();
        _fingerprint.RestorePool(state.Fingerprint, snapshot.FingerprintPool?.Record);
        _state = state;
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


    private void PublishScores()
    {
        var best = _bestScores;
        best.Clear();
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

        var canaryEvidence = new Dictionary<(string Provider, string Model, string Suite), double>();
        foreach (var s in _state.Canaries.Values)
        {
            Add(s.Key, s.Scores);
            // An open episode has its answer: more canaries would only spend more on a known incident.
            var evidence = s.OpenKinds.Overlaps(QualityKinds) ? 0 : QualityDetectors.Max(d => s.Scores.TryGetValue(d, out var v) && !double.IsNaN(v) ? Math.Clamp(v, 0, 1) : 0);
            var key = (s.Key.Provider, s.Key.Model, s.Key.Labels.GetValueOrDefault("suite") ?? CanarySignalPass.AllSuites);
            canaryEvidence[key] = Math.Max(canaryEvidence.GetValueOrDefault(key), evidence);
        }

        _canaryEvidence = canaryEvidence;

        foreach (var (model, _) in _state.OpenModelSwaps)
        {
            var parts = model.Split('/', 2);
            best[(parts[0], parts.Length > 1 ? parts[1] : string.Empty, "model-swap")] = 1;
        }

        foreach (var identity in _state.Fingerprint.Monitors.Keys)
        {
            var parts = identity.Split('/', 2);
            best[(parts[0], parts.Length > 1 ? parts[1] : string.Empty, ModelFingerprintSignal.Detector)] = _fingerprint.Score(_state.Fingerprint, identity);
        }

        // Keys are unique, so this order is the one OrderBy(provider).ThenBy(model).ThenBy(detector) gave.
        _sortedScores.Clear();
        _sortedScores.AddRange(best);
        _sortedScores.Sort(static (a, b) => CompareScoreKeys(a.Key, b.Key));
        var scores = new AnomalyScore[_sortedScores.Count];
        for (int i = 0; i < scores.Length; i++)
        {
            var ((provider, model, detector), value) = _sortedScores[i];
            scores[i] = new AnomalyScore(provider, model, detector, value);
        }

        _scores = Array.AsReadOnly(scores);
    }

    private static int CompareScoreKeys((string Provider, string Model, string Detector) a, (string Provider, string Model, string Detector) b)
    {
        int order = StringComparer.Ordinal.Compare(a.Provider, b.Provider);
        if (order == 0)
        {
            order = StringComparer.Ordinal.Compare(a.Model, b.Model);
        }

        return order != 0 ? order : StringComparer.Ordinal.Compare(a.Detector, b.Detector);
    }
}
