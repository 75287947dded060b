using Google.Protobuf;
using Grpc.Core;
using QualityWatch.Collector.GenAiEvents;
using QualityWatch.Collector.GenAiMetrics;
using QualityWatch.Collector.Ingest;
using QualityWatch.Collector.Metrics;
using QualityWatch.Collector.Otlp.Proto.Collector;

namespace QualityWatch.Collector.Otlp.Grpc;

/// <summary>
/// OTLP/gRPC ingestion: traces go as bytes to the fast path (<see cref="IngestPipeline.IngestProtobufAsync"/>),
/// metrics and logs are decoded and read as on OTLP/HTTP (see <see cref="OtlpHttpApi"/>). Outcomes become the gRPC
/// statuses the OTLP specification asks for: INVALID_ARGUMENT for an undecodable message (not retried),
/// RESOURCE_EXHAUSTED for backpressure and UNAVAILABLE for storage trouble (retried), OK with a partial success when
/// some items were rejected.
/// </summary>
/// <remarks>The key check is <see cref="Security.IngestKeyInterceptor"/>; size, compression and deadline handling
/// are Grpc.AspNetCore's, configured in <see cref="OtlpGrpcApi"/>.</remarks>
internal sealed class OtlpExportService(IngestPipeline pipeline, GenAiMetricsIngester metricsIngester, GenAiEventIngester eventIngester, CollectorMetrics metrics)
{
    public async Task<ExportTraceServiceResponse> ExportTracesAsync(ExportPayload payload, ServerCallContext context)
    {
        IngestOutcome outcome;
        using (payload)
        {
            ThrowIfAbandoned(context);

            // Not the call's token: once the commit has begun it finishes, or data the client sees refused would be stored.
            outcome = await pipeline.IngestProtobufAsync(payload.Span, CancellationToken.None);
        }

        if (outcome.Status == IngestStatus.Malformed)
        {
            metrics.CountRejectedRequest("malformed");
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"undecodable ExportTraceServiceRequest: {outcome.Message}"));
        }

        ThrowIfNotStored(outcome);
        return outcome.Rejected > 0
            ? new ExportTraceServiceResponse { PartialSuccess = new ExportTracePartialSuccess { RejectedSpans = outcome.Rejected, ErrorMessage = outcome.Message ?? string.Empty } }
            : new ExportTraceServiceResponse();
    }

    public async Task<ExportMetricsServiceResponse> ExportMetricsAsync(ExportPayload payload, ServerCallContext context)
    {
        var request = Decode(payload, ExportMetricsServiceRequest.Parser, context);
        var outcome = await metricsIngester.IngestAsync(request, CancellationToken.None);
        ThrowIfNotStored(outcome);
        return outcome.Rejected > 0
            ? new ExportMetricsServiceResponse { PartialSuccess = new ExportMetricsPartialSuccess { RejectedDataPoints = outcome.Rejected, ErrorMessage = outcome.Message ?? string.Empty } }
            : new ExportMetricsServiceResponse();
    }

    public async Task<ExportLogsServiceResponse> ExportLogsAsync(ExportPayload payload, ServerCallContext context)
    {
        var request = Decode(payload, ExportLogsServiceRequest.Parser, context);
        var outcome = await eventIngester.IngestAsync(request, CancellationToken.None);
        ThrowIfNotStored(outcome);
        return outcome.Rejected > 0
            ? new ExportLogsServiceResponse { PartialSuccess = new ExportLogsPartialSuccess { RejectedLogRecords = outcome.Rejected, ErrorMessage = outcome.Message ?? string.Empty } }
            : new ExportLogsServiceResponse();
    }

    private T Decode<T>(ExportPayload payload, MessageParser<T> parser, ServerCallContext context)
        where T : IMessage<T>
    {
        using (payload)
        {
            ThrowIfAbandoned(context);
            try
            {
                return parser.ParseFrom(payload.Span);
            }
            catch (InvalidProtocolBufferException exception)
            {
                metrics.CountRejectedRequest("malformed");
                throw new RpcException(new Status(StatusCode.InvalidArgument, $"undecodable {typeof(T).Name}: {exception.Message}"));
            }
        }
    }

    /// <summary>
    /// Work the client no longer waits for is not started: a message that arrives after its deadline (Grpc.AspNetCore
    /// ends such a call with DEADLINE_EXCEEDED as well) or after the client cancelled is not ingested.
    /// </summary>
    private static void ThrowIfAbandoned(ServerCallContext context)
    {
        if (context.Deadline <= DateTime.UtcNow)
        {
            throw new RpcException(new Status(StatusCode.DeadlineExceeded, "the deadline passed before the message was read; nothing was ingested"));
        }

        if (context.CancellationToken.IsCancellationRequested)
        {
            throw new RpcException(new Status(StatusCode.Cancelled, "the call was cancelled before the message was read; nothing was ingested"));
        }
    }

    private static void ThrowIfNotStored(IngestOutcome outcome)
    {
        switch (outcome.Status)
        {
            case IngestStatus.Backpressure:
                throw new RpcException(new Status(StatusCode.ResourceExhausted, outcome.Message!));
            case IngestStatus.Unavailable:
                throw new RpcException(new Status(StatusCode.Unavailable, outcome.Message!));
        }
    }
}
