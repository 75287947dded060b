using QualityWatch.Gate.Verdicts;

namespace QualityWatch.Gate.Running;

/// <summary>Everything one gate run produced; reports are rendered from it.</summary>
/// <param name="Candidate">Candidate provider name.</param>
/// <param name="Baseline">Baseline provider name or report file.</param>
/// <param name="Options">Thresholds and budget used.</param>
/// <param name="MaxCalls">Provider-call budget after defaults.</param>
/// <param name="CallsUsed">Provider calls made.</param>
/// <param name="UnavailableReason">Set when a provider was unreachable: then there is no quality verdict.</param>
/// <param name="Suites">Per-suite results, in suite order.</param>
/// <param name="Overall">All pairs pooled.</param>
/// <param name="Decision">The release verdict.</param>
/// <param name="Pairs">Every pair run, in order.</param>
/// <param name="MissingFromBaseline">Cases the stored baseline report did not contain (not compared).</param>
/// <param name="SuitesRun">The suites as given, for per-case reports.</param>
internal sealed record GateRun(
    string Candidate,
    string Baseline,
    GateOptions Options,
    int MaxCalls,
    int CallsUsed,
    string? UnavailableReason,
    IReadOnlyList<SuiteResult> Suites,
    SuiteResult? Overall,
    VerdictDecision? Decision,
    IReadOnlyList<GatePair> Pairs,
    IReadOnlyList<GateCase> MissingFromBaseline,
    IReadOnlyList<GateSuite> SuitesRun)
{
    public bool IsUnavailable => UnavailableReason is not null;
}
