namespace QualityWatch.Detection.Engine;

/// <summary>
/// What one latency CUSUM is tuned to: the exceedance rate <paramref name="P1"/> after the slowdown
/// <paramref name="Ratio"/>, the log-likelihood ratio of a slower and of any other call, and the threshold.
/// </summary>
internal readonly record struct LatencyChartTuning(double Ratio, double P1, double OnSlower, double OnOther, double H);
