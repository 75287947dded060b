using QualityWatch.Core.Canaries;

namespace QualityWatch.Gate.Reports;

/// <summary>One case answered once by one side, as stored in the JSON report.</summary>
internal sealed record GateReportResult(
    string Suite,
    string CaseId,
    string Category,
    int Repeat,
    CanaryOutcome Outcome,
    string Provider,
    string Model,
    string Expected,
    string? Actual,
    IReadOnlyList<string> FailureReasons,
    string? ErrorType,
    double LatencySeconds)
{
    public static GateReportResult From(CanaryResult result, int repeat)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new GateReportResult(
            result.Suite,
            result.CaseId,
            result.Category,
            repeat,
            result.Outcome,
            result.Provider,
            result.Model,
            result.Expected,
            result.Actual,
            result.FailureReasons,
            result.ErrorType,
            result.Latency.TotalSeconds);
    }

    public CanaryResult ToCanaryResult(DateTimeOffset timestamp) => new(
        RunId: "baseline-report",
        Round: Repeat,
        Timestamp: timestamp,
        Provider: Provider,
        Model: Model,
        Suite: Suite,
        CaseId: CaseId,
        Category: Category,
        Outcome: Outcome,
        Latency: TimeSpan.FromSeconds(LatencySeconds),
        TimeToFirstToken: null,
        InputTokens: null,
        OutputTokens: null,
        Cost: 0,
        FinishReason: null,
        ErrorType: ErrorType,
        Expected: Expected,
        Actual: Actual,
        FailureReasons: FailureReasons,
        SystemFingerprint: null,
        Labels: new Dictionary<string, string>());
}
