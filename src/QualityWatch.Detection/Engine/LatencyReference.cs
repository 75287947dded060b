namespace QualityWatch.Detection.Engine;

/// <summary>
/// The baseline's upper quartile, the chance <paramref name="P0"/> that a healthy call exceeds it, and the two charts
/// tuned from it (<see cref="CanaryLatencySignal"/>).
/// </summary>
internal readonly record struct LatencyReference(double Quartile, double P0, LatencyChartTuning Slowdown, LatencyChartTuning Step);
