namespace QualityWatch.Collector.Ingest;

/// <summary>
/// The result of one export request: status, how many spans were rejected and why (first reasons); tool execution
/// spans (<see cref="GenAi.SpanVerdict.ToolExecution"/>) are counted apart from the other ignored spans.
/// </summary>
internal sealed record IngestOutcome(IngestStatus Status, long Accepted, long Rejected, long Ignored, string? Message, long ToolExecutions = 0);
