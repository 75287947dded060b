using QualityWatch.Core.Findings;
using QualityWatch.Core.Telemetry;

namespace QualityWatch.Detection.Engine;

/// <summary>What one evaluation pass found.</summary>
/// <param name="Findings">New findings (each raised once per episode; an open episode is not re-raised).</param>
/// <param name="HealthySeries">Series evaluated in this pass with no open finding.</param>
/// <param name="EvaluatedAt">The pass time.</param>
public sealed record DetectionResult(IReadOnlyList<Finding> Findings, IReadOnlyList<SeriesKey> HealthySeries, DateTimeOffset EvaluatedAt);
