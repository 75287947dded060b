namespace QualityWatch.Collector.Ingest;

/// <summary>How an export request ended, before it is turned into an HTTP or gRPC answer.</summary>
internal enum IngestStatus
{
    /// <summary>Every accepted span is durable (some may have been rejected: see the outcome).</summary>
    Stored,

    /// <summary>Too much is waiting for its commit: the client should retry later (429 / RESOURCE_EXHAUSTED).</summary>
    Backpressure,

    /// <summary>Storage failed or the collector is stopping (503 / UNAVAILABLE).</summary>
    Unavailable,

    /// <summary>The protobuf body does not decode as an ExportTraceServiceRequest (400 / INVALID_ARGUMENT).</summary>
    Malformed,
}
