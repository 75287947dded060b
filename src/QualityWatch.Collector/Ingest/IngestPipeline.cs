using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using QualityWatch.Collector.GenAi;
using QualityWatch.Collector.Metrics;
using QualityWatch.Collector.Otlp.Proto.Collector;
using QualityWatch.Storage.Telemetry;

namespace QualityWatch.Collector.Ingest;

/// <summary>
/// Shared by OTLP/HTTP and OTLP/gRPC: maps spans, commits the LLM calls durably, and only then updates the metrics
/// and lets the transport acknowledge.
/// </summary>
internal sealed class IngestPipeline(TelemetryStore store, CallContentStore contents, GenAiSpanMapper mapper, CollectorMetrics metrics, IOptions<CollectorOptions> options, ILogger<IngestPipeline> logger)
{
    private readonly CollectorLimits _limits = options.Value.Limits;

    public bool IsOverloaded => store.QueuedSpans >= _limits.MaxQueuedSpans;

    public async Task<IngestOutcome> IngestAsync(ExportTraceServiceRequest request, CancellationToken cancellationToken)
    {
        if (IsOverloaded)
        {
            metrics.CountRejectedRequest("backpressure");
            return new IngestOutcome(IngestStatus.Backpressure, 0, 0, 0, "the collector is busy committing earlier data; retry later");
        }

        var accepted = new List<SpanMapping>();
        long rejected = 0, ignored = 0;
        var reasons = new List<string>();
        foreach (var resourceSpans in request.ResourceSpans)
        {
            foreach (var scopeSpans in resourceSpans.ScopeSpans)
            {
                foreach (var span in scopeSpans.Spans)
                {
                    var mapping = mapper.Map(span, resourceSpans.Resource);
                    switch (mapping.Verdict)
                    {
                        case SpanVerdict.Accepted:
                            accepted.Add(mapping);
                            break;
                        case SpanVerdict.Ignored:
                            ignored++;
                            break;
                        default:
                            rejected++;
                            if (reasons.Count < 3 && !reasons.Contains(mapping.RejectReason!))
                            {
                                reasons.Add(mapping.RejectReason!);
                            }

                            break;
                    }
                }
            }
        }

        if (accepted.Count > 0)
        {
            try
            {
                // Content first: its insert is idempotent per span, so a retry after a failed telemetry commit stores it once.
                if (accepted.Exists(m => m.Content is not null))
                {
                    await contents.StoreAsync(accepted.Where(m => m.Content is not null).Select(m => m.Content!).ToList(), cancellationToken);
                }

                await store.AppendAsync(accepted.ConvertAll(m => m.Event!), cancellationToken);
            }
            catch (Exception exception) when (exception is TelemetryStoreUnavailableException or ObjectDisposedException)
            {
                logger.LogWarning("Could not commit {Spans} spans: {Reason}", accepted.Count, exception.Message);
                metrics.CountRejectedRequest("backpressure");
                return new IngestOutcome(IngestStatus.Unavailable, 0, 0, 0, "storage is unavailable; retry later");
            }

            foreach (var mapping in accepted)
            {
                metrics.Record(mapping);
            }
        }

        metrics.CountSpans(accepted.Count, rejected, ignored);
        var message = rejected == 0 ? null : $"{rejected} span(s) rejected: {string.Join("; ", reasons)}";
        return new IngestOutcome(IngestStatus.Stored, accepted.Count, rejected, ignored, message);
    }
}
