namespace QualityWatch.Detection.Statistics;

/// <summary>The outcome of a two-sample or goodness-of-fit test.</summary>
/// <param name="Statistic">The test statistic (U, D, χ²…).</param>
/// <param name="PValue">Its p-value under the null hypothesis of no difference.</param>
public readonly record struct TestResult(double Statistic, double PValue);
