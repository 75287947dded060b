namespace QualityWatch.Gate.Reports;

/// <summary>One suite (or <c>overall</c>) in the JSON report.</summary>
internal sealed record GateReportSuite(
    string Name,
    string Verdict,
    string Reason,
    int Cases,
    int Pairs,
    int BothPassed,
    int Regressions,
    int Improvements,
    int BothFailed,
    GateReportRate CandidatePassRate,
    GateReportRate BaselinePassRate,
    double Drop,
    double McNemarPValue,
    double Alpha,
    double SprtRegressionLogLikelihoodRatio,
    double SprtNoDropLogLikelihoodRatio,
    double SprtLowerBoundary,
    double SprtUpperBoundary,
    int Repeats,
    bool StoppedEarly,
    int PlannedPairs,
    double? MinimumDetectableDrop,
    string PowerDisclosure);
