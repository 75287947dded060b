namespace QualityWatch.Detection.Engine;

/// <summary>Options of the <see cref="DetectionEngine"/>, bound from the <c>Detection</c> configuration section.</summary>
public sealed class DetectionEngineOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Detection";

    /// <summary>
    /// Average number of healthy checks between false quality alarms, per series (CUSUM ARL₀). A million: at a round of
    /// 60 cases every ten minutes that is one false alarm per series in about 115 days, a few a year across a fleet of
    /// dozens of series. The threshold now honours it exactly (it used to be far more conservative than stated, through
    /// a two-standard-error margin on p₀), so the stated figure has to be the one a team can live with.
    /// </summary>
    public double QualityArl0 { get; set; } = 1_000_000;

    /// <summary>Absolute pass-rate drop the quality CUSUM is tuned for (p₁ = p₀ − drop).</summary>
    public double MinimumDetectableDrop { get; set; } = 0.05;

    /// <summary>Checks used to estimate a series' baseline pass rate p₀ before the CUSUM starts.</summary>
    public int QualityWarmupChecks { get; set; } = 300;

    /// <summary>Buckets (minutes) in the "current" window for rate and distribution comparisons.</summary>
    public int RecentWindowBuckets { get; set; } = 15;

    /// <summary>Buckets (minutes) of baseline kept for latency comparisons.</summary>
    public int BaselineWindowBuckets { get; set; } = 240;

    /// <summary>False discovery rate for the distribution-shift tests across all series of one pass (Benjamini–Hochberg).</summary>
    public double FalseDiscoveryRate { get; set; } = 0.001;

    /// <summary>
    /// Significance level of the routing-anomaly test on canary latencies. It is tested on every pass for every
    /// canary series, so it must be far stricter than a one-off test: a real misrouting keeps producing evidence.
    /// </summary>
    public double RoutingAnomalyAlpha { get; set; } = 1e-6;

    /// <summary>Median latency ratio (current / baseline) that counts as a drift worth an alert; applies to the request
    /// duration and to the time to first token, and is the slowdown the canary latency CUSUM is tuned to.</summary>
    public double LatencyDriftRatio { get; set; } = 1.25;

    /// <summary>
    /// Ratio (recent level / reference) that a slow drift of latency or time to first token must reach before the
    /// level-drift test reports it. Lower than <see cref="LatencyDriftRatio"/> because the evidence behind it is hours of
    /// sustained minutes (a CUSUM at <see cref="LevelDriftArl0Minutes"/>), not one fifteen-minute window: a creep of
    /// 4 % an hour is reported about two and a half hours in.
    /// </summary>
    public double LevelDriftRatio { get; set; } = 1.10;

    /// <summary>
    /// Healthy minutes between false alarms of the level-drift CUSUM alone, per series and signal, on white noise (a
    /// million: about two years). Real series wander, so the practical ratio, which has to be reached as well, is what
    /// bounds false alarms in practice: about one per 1,000 rows on real hourly API latency (docs/detection.md).
    /// </summary>
    public double LevelDriftArl0Minutes { get; set; } = 1_000_000;

    /// <summary>
    /// Ratio (current / baseline) of the median output tokens per call that counts as an output-length collapse worth
    /// an alert — answers cut short (truncation, a smaller max_tokens, a different model). 0.7 = a 30 % drop.
    /// </summary>
    public double OutputLengthDropRatio { get; set; } = 0.7;

    /// <summary>
    /// How much more often one misrouted canary session fails than the pooled rate, absolute, that the sticky-routing
    /// CUSUM is tuned for: it sets the failure odds ratio θ of the alternative (a failure rate q₀ + drop against q₀).
    /// A session sent to a wrong server pool fails far more than the rest; a common drop of every session is the
    /// pass-rate CUSUM's to find.
    /// </summary>
    public double StickyRoutingDrop { get; set; } = 0.10;

    /// <summary>
    /// Rise of the share of temperature-0 tokens emitted while a more probable candidate existed (greedy violations, from
    /// providers reporting log-probabilities) that the greedy-violation CUSUM is tuned for: r₁ = r₀ + increase over the
    /// estimated healthy rate r₀. 0.01 = one token in a hundred.
    /// </summary>
    public double GreedyViolationIncrease { get; set; } = 0.01;

    /// <summary>
    /// Healthy temperature-0 tokens between false greedy-violation alarms, per provider × model (ARL₀ in tokens: every
    /// inspected token is one check). Ten million: at 60 cases of about 3 tokens every ten minutes (26,000 tokens a day),
    /// one false alarm per series in about a year; the threshold, and with it the delay, grows only with its logarithm.
    /// </summary>
    public double GreedyViolationArl0 { get; set; } = 10_000_000;

    /// <summary>Tokens inspected before the healthy greedy-violation rate r₀ is first estimated.</summary>
    public int GreedyViolationWarmupTokens { get; set; } = 2_000;

    /// <summary>
    /// Opt-in: the multivariate drift test (<c>pca-drift</c>): hourly feature vectors of every traffic series scored by
    /// an ML.NET randomized-PCA model of the fleet's healthy hours, through a CUSUM. Finds a joint shift of latency,
    /// output length and error shares that no single signal's test reports. Off: no state, no cost.
    /// </summary>
    public bool MultivariateDrift { get; set; }

    /// <summary>Healthy hours between false alarms of the multivariate drift test, per series (ten thousand: about 14 months).</summary>
    public double MultivariateDriftArl0Hours { get; set; } = 10_000;

    /// <summary>Hours between trainings of the multivariate drift model (on healthy hours only).</summary>
    public int MultivariateDriftRetrainHours { get; set; } = 24;

    /// <summary>Availability SLO, e.g. 0.999 (burn-rate alerts per the Google SRE workbook).</summary>
    public double AvailabilitySlo { get; set; } = 0.999;

    /// <summary>Share of outputs with unexpected scripts that is worth an alert once it is significantly above baseline.</summary>
    public double MinimumCorruptionShare { get; set; } = 0.01;

    /// <summary>Minimum increase of the <c>length</c> finish-reason share (absolute) for a truncation finding.</summary>
    public double MinimumTruncationIncrease { get; set; } = 0.05;

    /// <summary>Share of canary cases in one round whose temperature-0 answer or fingerprint changed that signals a model swap.</summary>
    public double ModelSwapShare { get; set; } = 0.5;

    /// <summary>Minimum cases in a round for the model-swap signature.</summary>
    public int ModelSwapMinimumCases { get; set; } = 5;

    /// <summary>
    /// Whether the model-identity fingerprint runs (detector <c>model-fingerprint</c>): an ML.NET classifier of every
    /// configured model's canary answers whose falling posterior for the named model is a silent swap, also for
    /// providers that report no system fingerprint. Training takes about 0.3 s per 4,000 answers once warm, every
    /// <see cref="ModelFingerprintRetrainAnswers"/> healthy answers; scoring a round is one ML.NET transform.
    /// </summary>
    public bool ModelFingerprintEnabled { get; set; } = true;

    /// <summary>
    /// Healthy canary answers between false model-fingerprint alarms, per configured model (the CUSUM threshold is its
    /// logarithm, a lower bound on the in-control run length). Ten million: at 150 answers of a model every ten minutes, on
    /// average at most one false alarm per model in about 460 days.
    /// </summary>
    public double ModelFingerprintArl0 { get; set; } = 10_000_000;

    /// <summary>
    /// Share of a model's answers written by another model that the fingerprint's sequential test is tuned for (ρ): a
    /// partial swap (a canary rollout, one region) of at least this share is found; a full swap much faster.
    /// </summary>
    public double ModelFingerprintSwapShare { get; set; } = 0.25;

    /// <summary>Healthy answers a configured model needs before the fingerprint is trained with it; fewer: no verdict
    /// on it. At least two models need as many (a classifier needs someone to tell a model from).</summary>
    public int ModelFingerprintMinimumAnswers { get; set; } = 300;

    /// <summary>Healthy answers kept per configured model for (re)training, newest first (bounded memory and state).</summary>
    public int ModelFingerprintMaximumAnswers { get; set; } = 1_000;

    /// <summary>New healthy answers (all models together) after which the fingerprint is retrained.</summary>
    public int ModelFingerprintRetrainAnswers { get; set; } = 5_000;

    /// <summary>
    /// Consecutive checks (canary rounds, telemetry buckets) that must find a signal back inside its pre-incident
    /// baseline before its episode ends. Until then the baseline stays frozen and the series is not reported healthy.
    /// </summary>
    public int RecoveryChecks { get; set; } = 6;

    /// <summary>Maximum example cases attached to a finding.</summary>
    public int MaxExamples { get; set; } = 5;

    /// <summary>
    /// Minutes between saves of the engine's state by the <c>serve</c> detection loop when a pass neither took canary
    /// results nor raised findings (such passes always save, and so does shutdown). After a crash the restored engine
    /// replays at most this many minutes of stored buckets; 1 saves after every pass. The state is ≈ 15–20 KB
    /// (compressed) per series, so at a few hundred series and more, saving every minute dominates what detection writes.
    /// </summary>
    public int StateSaveIntervalMinutes { get; set; } = 10;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first invalid option and its range.</summary>
    public void Validate()
    {
        Check(QualityArl0 is >= 10 and <= 1e8, nameof(QualityArl0), QualityArl0, "[10, 1e8]");
        Check(MinimumDetectableDrop is > 0 and < 0.5, nameof(MinimumDetectableDrop), MinimumDetectableDrop, "(0, 0.5)");
        Check(QualityWarmupChecks >= 10, nameof(QualityWarmupChecks), QualityWarmupChecks, "[10, ∞)");
        Check(RecentWindowBuckets >= 2, nameof(RecentWindowBuckets), RecentWindowBuckets, "[2, ∞)");
        Check(BaselineWindowBuckets >= RecentWindowBuckets, nameof(BaselineWindowBuckets), BaselineWindowBuckets, "[RecentWindowBuckets, ∞)");
        Check(FalseDiscoveryRate is > 0 and < 1, nameof(FalseDiscoveryRate), FalseDiscoveryRate, "(0, 1)");
        Check(RoutingAnomalyAlpha is > 0 and < 1, nameof(RoutingAnomalyAlpha), RoutingAnomalyAlpha, "(0, 1)");
        Check(StickyRoutingDrop is > 0 and < 0.5, nameof(StickyRoutingDrop), StickyRoutingDrop, "(0, 0.5)");
        Check(GreedyViolationIncrease is > 0 and < 0.5, nameof(GreedyViolationIncrease), GreedyViolationIncrease, "(0, 0.5)");
        Check(GreedyViolationArl0 is >= 10 and <= 1e8, nameof(GreedyViolationArl0), GreedyViolationArl0, "[10, 1e8]");
        Check(GreedyViolationWarmupTokens >= 100, nameof(GreedyViolationWarmupTokens), GreedyViolationWarmupTokens, "[100, ∞)");
        Check(LatencyDriftRatio > 1, nameof(LatencyDriftRatio), LatencyDriftRatio, "(1, ∞)");
        Check(LevelDriftRatio is > 1 and <= 10, nameof(LevelDriftRatio), LevelDriftRatio, "(1, 10]");
        Check(LevelDriftArl0Minutes is >= 100 and <= 1e10, nameof(LevelDriftArl0Minutes), LevelDriftArl0Minutes, "[100, 1e10]");
        Check(OutputLengthDropRatio is > 0 and < 1, nameof(OutputLengthDropRatio), OutputLengthDropRatio, "(0, 1)");
        Check(MultivariateDriftArl0Hours is >= 10 and <= 1e8, nameof(MultivariateDriftArl0Hours), MultivariateDriftArl0Hours, "[10, 1e8]");
        Check(MultivariateDriftRetrainHours is >= 1 and <= 24 * 30, nameof(MultivariateDriftRetrainHours), MultivariateDriftRetrainHours, "[1, 720]");
        Check(AvailabilitySlo is > 0 and < 1, nameof(AvailabilitySlo), AvailabilitySlo, "(0, 1)");
        Check(MinimumCorruptionShare is > 0 and < 1, nameof(MinimumCorruptionShare), MinimumCorruptionShare, "(0, 1)");
        Check(MinimumTruncationIncrease is > 0 and < 1, nameof(MinimumTruncationIncrease), MinimumTruncationIncrease, "(0, 1)");
        Check(ModelSwapShare is > 0 and <= 1, nameof(ModelSwapShare), ModelSwapShare, "(0, 1]");
        Check(ModelSwapMinimumCases >= 1, nameof(ModelSwapMinimumCases), ModelSwapMinimumCases, "[1, ∞)");
        Check(ModelFingerprintArl0 is >= 10 and <= 1e12, nameof(ModelFingerprintArl0), ModelFingerprintArl0, "[10, 1e12]");
        Check(ModelFingerprintSwapShare is > 0 and <= 1, nameof(ModelFingerprintSwapShare), ModelFingerprintSwapShare, "(0, 1]");
        Check(ModelFingerprintMinimumAnswers >= 2 * Fingerprints.FingerprintTrainer.HoldOutEvery, nameof(ModelFingerprintMinimumAnswers), ModelFingerprintMinimumAnswers, $"[{2 * Fingerprints.FingerprintTrainer.HoldOutEvery}, ∞)");
        Check(ModelFingerprintMaximumAnswers >= ModelFingerprintMinimumAnswers, nameof(ModelFingerprintMaximumAnswers), ModelFingerprintMaximumAnswers, "[ModelFingerprintMinimumAnswers, ∞)");
        Check(ModelFingerprintRetrainAnswers >= 1, nameof(ModelFingerprintRetrainAnswers), ModelFingerprintRetrainAnswers, "[1, ∞)");
        Check(RecoveryChecks is >= 1 and <= 10_000, nameof(RecoveryChecks), RecoveryChecks, "[1, 10000]");
        Check(MaxExamples >= 0, nameof(MaxExamples), MaxExamples, "[0, ∞)");
        Check(StateSaveIntervalMinutes is >= 1 and <= 1440, nameof(StateSaveIntervalMinutes), StateSaveIntervalMinutes, "[1, 1440]");
    }

    private static void Check(bool ok, string name, object value, string range)
    {
        if (!ok)
        {
            throw new ArgumentOutOfRangeException(name, value, $"Detection.{name} must be in {range}.");
        }
    }
}
