namespace QualityWatch.Core.Findings;

/// <summary>A point estimate with its confidence interval and sample size, in the unit named.</summary>
public sealed record ValueWithInterval(double Value, double Low, double High, long SampleSize, string Unit);
