namespace QualityWatch.Canaries;

/// <summary>
/// The <c>canaries</c> section: which suites, how <c>serve</c> schedules them, and how <c>canary run</c> and
/// <c>gate</c> call the providers. One class, so the section has one shape.
/// </summary>
public sealed class CanariesOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Canaries";

    /// <summary>
    /// Suite files or directories <c>serve</c> loads; relative paths are taken from the working directory. Empty means
    /// <see cref="DefaultSuites"/>: a default inside the list would be kept beside the configured paths, because the
    /// configuration binder appends to a list it finds filled.
    /// </summary>
    public List<string> Suites { get; set; } = [];

    /// <summary>What <see cref="Suites"/> stands for when none is configured: the <c>canaries</c> directory.</summary>
    public static IReadOnlyList<string> DefaultSuites { get; } = ["canaries"];

    /// <summary>Stream answers, which measures time to first token (<c>canary run</c>, <c>gate</c>, <c>serve</c>).</summary>
    public bool Streaming { get; set; } = true;

    /// <summary>Measured latency is divided by this (0.001 when a simulator compresses time 1000×).</summary>
    public double LatencyScale { get; set; } = 1;

    /// <summary>Optional OTLP/HTTP endpoint <c>canary run</c> exports its canary spans to.</summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary>Environment variable holding the ingest key sent with those spans.</summary>
    public string? OtlpIngestKeyEnv { get; set; }

    /// <summary>Seconds between runs of a suite, unless <see cref="SuiteIntervalSeconds"/> names it.</summary>
    public double IntervalSeconds { get; set; } = 900;

    /// <summary>Per-suite intervals in seconds, by suite name.</summary>
    public Dictionary<string, double> SuiteIntervalSeconds { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Up to this share of the interval is added at random to each wait, so suites and replicas spread out.</summary>
    public double Jitter { get; set; } = 0.1;

    /// <summary>Seed of the jitter, for reproducible schedules in tests and the demo.</summary>
    public int? JitterSeed { get; set; }

    /// <summary>
    /// Cron expressions (five fields, UTC; Cronos syntax) by suite name. A suite with one runs at each occurrence
    /// instead of every interval — for example <c>long-context: "0 */6 * * *"</c> for a costly suite four times a day —
    /// and is not run at start-up unless an occurrence is due.
    /// </summary>
    public Dictionary<string, string> SuiteCron { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Stable session identities each provider's canary calls are spread over (<c>canaries.sessions</c>; 0 or 1 = off),
    /// sent as OpenAI <c>user</c>, Anthropic <c>metadata.user_id</c> and the provider's <c>session_header</c>. They
    /// make sticky per-session misrouting visible; the number of calls does not change.
    /// </summary>
    public int Sessions { get; set; } = Running.CanarySessions.DefaultCount;

    /// <summary>
    /// How many times faster a suite runs on a provider whose canary evidence (the quality tests' statistic as a share
    /// of its threshold) has passed <see cref="AdaptiveEvidence"/>, until it falls back below it; 1 turns adaptive
    /// canaries off. Extra calls stay within the provider's daily budget.
    /// </summary>
    public double AdaptiveRateMultiplier { get; set; } = 4;

    /// <summary>The evidence (0–1, a share of the alarm threshold) from which a suite's rate is raised; default one half.</summary>
    public double AdaptiveEvidence { get; set; } = 0.5;

    /// <summary>
    /// Pay for adaptive extra calls on a provider by deferring its scheduled runs of suites not boosted there (never
    /// one suite twice in a row), so its canary calls do not grow beyond the schedule; false adds them on top (within
    /// the daily budget). See <see cref="Scheduling.AdaptiveCallLedger"/>.
    /// </summary>
    public bool AdaptiveBudgetNeutral { get; set; } = true;

    /// <summary>Checks the options; throws naming the setting.</summary>
    public void Validate()
    {
        if (!(IntervalSeconds > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(IntervalSeconds), IntervalSeconds, "canaries.interval_seconds must be > 0");
        }

        if (!(LatencyScale > 0) || !double.IsFinite(LatencyScale))
        {
            throw new ArgumentOutOfRangeException(nameof(LatencyScale), LatencyScale, "canaries.latency_scale must be > 0");
        }

        if (Jitter is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Jitter), Jitter, "canaries.jitter must be in 0..1");
        }

        if (AdaptiveRateMultiplier is < 1 or > 60 || double.IsNaN(AdaptiveRateMultiplier))
        {
            throw new ArgumentOutOfRangeException(nameof(AdaptiveRateMultiplier), AdaptiveRateMultiplier, "canaries.adaptive_rate_multiplier must be in 1..60 (1 = off)");
        }

        if (AdaptiveEvidence is <= 0 or > 1 || double.IsNaN(AdaptiveEvidence))
        {
            throw new ArgumentOutOfRangeException(nameof(AdaptiveEvidence), AdaptiveEvidence, "canaries.adaptive_evidence must be in (0, 1]");
        }

        if (Sessions is < 0 or > Running.CanarySessions.MaxCount)
        {
            throw new ArgumentOutOfRangeException(nameof(Sessions), Sessions, $"canaries.sessions must be in 0..{Running.CanarySessions.MaxCount}");
        }

        foreach (var (suite, expression) in SuiteCron)
        {
            try
            {
                Cronos.CronExpression.Parse(expression);
            }
            catch (Cronos.CronFormatException ex)
            {
                throw new ArgumentException($"canaries.suite_cron.{suite}: '{expression}' is not a cron expression ({ex.Message.TrimEnd('.')})", nameof(SuiteCron), ex);
            }
        }

        foreach (var (suite, seconds) in SuiteIntervalSeconds)
        {
            if (!(seconds > 0))
            {
                throw new ArgumentOutOfRangeException(nameof(SuiteIntervalSeconds), seconds, $"canaries.suite_interval_seconds.{suite} must be > 0");
            }
        }
    }
}
