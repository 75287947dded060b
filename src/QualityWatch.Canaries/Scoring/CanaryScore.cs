namespace QualityWatch.Canaries.Scoring;

/// <summary>The verdict on one answer: passed when every assertion held.</summary>
public sealed record CanaryScore(bool Passed, IReadOnlyList<string> FailureReasons);
