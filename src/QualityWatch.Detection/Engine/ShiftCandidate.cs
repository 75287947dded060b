using QualityWatch.Core.Telemetry;
using QualityWatch.Detection.Signatures;

namespace QualityWatch.Detection.Engine;

/// <summary>A shift one series showed in this pass, decided together with the others under Benjamini–Hochberg.</summary>
internal sealed record ShiftCandidate(TelemetrySeriesState Series, string Kind, double PValue, bool Practical, SeriesBucket Bucket, LatencyDriftVerdict? Latency, ShareShiftVerdict? Share, DriftSignal? Signal = null, DriftWindows? Windows = null);
