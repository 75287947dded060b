using QualityWatch.Core.Telemetry;

namespace QualityWatch.Storage.Telemetry;

/// <summary>One decoded call as the collector hands it to storage: the call, the series it counts in, and its quality checks.</summary>
/// <param name="Series">The series after cardinality limiting (may be the overflow series).</param>
/// <param name="Call">The normalised call.</param>
/// <param name="Cost">Cost in US dollars, 0 when unknown.</param>
/// <param name="QualityPassed">Quality checks that passed (canary outcome, evaluation events).</param>
/// <param name="QualityTotal">All quality checks on the call.</param>
public sealed record TelemetryEvent(SeriesKey Series, LlmCall Call, decimal Cost, int QualityPassed, int QualityTotal);
