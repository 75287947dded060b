namespace QualityWatch.Gate.Reports;

/// <summary>
/// The gate's JSON report. Its <see cref="CandidateResults"/> make it usable as the next run's
/// <c>--baseline-report</c>: today's candidate is tomorrow's baseline.
/// </summary>
internal sealed record GateReport(
    int SchemaVersion,
    DateTimeOffset CreatedAt,
    string Candidate,
    string Baseline,
    string Verdict,
    string Reason,
    bool Blocking,
    GateReportSettings Settings,
    int MaxCalls,
    int CallsUsed,
    GateReportSuite Overall,
    IReadOnlyList<GateReportSuite> Suites,
    IReadOnlyList<GateReportResult> CandidateResults,
    IReadOnlyList<GateReportResult> BaselineResults)
{
    public const int CurrentSchemaVersion = 1;
}
