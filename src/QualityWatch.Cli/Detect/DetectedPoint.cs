namespace QualityWatch.Cli.Detect;

/// <summary>One output row of <c>detect</c>.</summary>
internal readonly record struct DetectedPoint(double Score, bool Anomaly, bool ChangePoint);
