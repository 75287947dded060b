namespace QualityWatch.Gate.Reports;

/// <summary>The thresholds a report was produced with.</summary>
internal sealed record GateReportSettings(double MaxDrop, double MinPassRate, double Alpha, double Beta, bool AllowInconclusive);
