namespace QualityWatch.Cli.Gate;

/// <summary>The parsed command line of `qualitywatch gate`; null thresholds fall back to the Gate config section.</summary>
internal sealed record GateRequest(
    FileInfo? Config,
    string Candidate,
    string? Baseline,
    FileInfo? BaselineReport,
    string[] Suites,
    double? MaxDrop,
    double? MinPassRate,
    double? Alpha,
    int? MaxCalls,
    bool AllowInconclusive,
    FileInfo? JUnit,
    FileInfo? Markdown,
    FileInfo? Report);
