namespace QualityWatch.Collector.Ingest;

/// <summary>The result of one export request: status, how many spans were rejected and why (first reasons).</summary>
internal sealed record IngestOutcome(IngestStatus Status, long Accepted, long Rejected, long Ignored, string? Message);
