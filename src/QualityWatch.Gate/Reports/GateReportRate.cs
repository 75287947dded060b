namespace QualityWatch.Gate.Reports;

/// <summary>A pass rate with its 95% Wilson interval.</summary>
internal sealed record GateReportRate(int Passed, int Total, double Rate, double Low, double High);
