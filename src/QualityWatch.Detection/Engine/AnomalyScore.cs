namespace QualityWatch.Detection.Engine;

/// <summary>The latest score of one detector on one provider × model: 0 quiet, towards 0.5 approaching its threshold,
/// 1 alarm (the worst series of that provider × model).</summary>
public sealed record AnomalyScore(string Provider, string Model, string Detector, double Value);
