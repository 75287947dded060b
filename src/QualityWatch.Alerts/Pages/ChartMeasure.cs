using QualityWatch.Core.Findings;

namespace QualityWatch.Alerts.Pages;

/// <summary>
/// The statistic a detector tests, as the chart shows it: its name, display unit and the factor from stored units
/// (seconds → ms, share → %). <paramref name="HigherIsWorse"/> picks the peak (highest latency, lowest pass rate).
/// </summary>
internal sealed record ChartMeasure(string Name, string Unit, double Scale, bool HigherIsWorse)
{
    /// <summary>The quality measure: the pass rate over a trailing window (<see cref="SeriesHistoryReader.RollingWindow"/>).</summary>
    public const string RollingPassRate = "rolling 15-min pass rate";

    /// <summary>
    /// The sampling-integrity measure: of the passing canary answers over the trailing window, the share identical to
    /// their case's usual (most frequent passing) answer in the charted range.
    /// </summary>
    public const string RollingIdenticalShare = "rolling 15-min share of passing answers identical to the usual one";

    /// <summary>
    /// The log-probability measure of sampling integrity: of the temperature-0 tokens inspected over the trailing window,
    /// the share emitted while a more probable candidate existed (detector <c>greedy-violation-cusum</c>).
    /// </summary>
    public const string RollingGreedyViolationShare = "rolling 15-min share of temperature-0 tokens not the top candidate";

    /// <summary>True for the quality measures, whose points are rolling rates.</summary>
    public bool IsRolling => Name is RollingPassRate or RollingIdenticalShare or RollingGreedyViolationShare;

    /// <summary>True when only canary answers can plot it (no bucket carries it).</summary>
    public bool NeedsAnswers => Name is RollingIdenticalShare or RollingGreedyViolationShare;

    /// <summary>Axis label, <c>median latency (ms)</c>.</summary>
    public string AxisLabel => $"{Name} ({Unit})";

    /// <summary>The measure for an alert's kind and detector.</summary>
    public static ChartMeasure For(string kind, string detector) => kind switch
    {
        FindingKinds.LatencyDrift when detector.StartsWith("ttft", StringComparison.Ordinal) => new("median time to first token", "ms", 1000, true),
        // A multivariate drift names its features in its examples; the chart shows the signal people read first.
        FindingKinds.LatencyDrift or FindingKinds.RoutingAnomaly or FindingKinds.MultivariateDrift => new("median latency", "ms", 1000, true),
        FindingKinds.OutputCorruption => new("unexpected-script share of outputs", "%", 100, true),
        FindingKinds.Truncation when detector.StartsWith("output-length", StringComparison.Ordinal) => new("output tokens per call", "tokens", 1, false),
        FindingKinds.Truncation => new("finish_reason=length share", "%", 100, true),
        FindingKinds.Availability => new("error rate", "%", 100, true),
        FindingKinds.SamplingDivergence when detector == "greedy-violation-cusum" => new(RollingGreedyViolationShare, "%", 100, true),
        FindingKinds.SamplingDivergence => new(RollingIdenticalShare, "%", 100, false),
        _ => new(RollingPassRate, "%", 100, false),
    };

    /// <summary>A value in stored units (seconds, share) in display units.</summary>
    public double Display(double stored) => stored * Scale;
}
