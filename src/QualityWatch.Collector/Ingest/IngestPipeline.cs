using System.Collections.Concurrent;
using Google.Protobuf;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using QualityWatch.Collector.GenAi;
using QualityWatch.Collector.GenAiMetrics;
using QualityWatch.Collector.Metrics;
using QualityWatch.Collector.Otlp.Fast;
using QualityWatch.Collector.Otlp.Proto.Collector;
using QualityWatch.Storage.Telemetry;

namespace QualityWatch.Collector.Ingest;

/// <summary>
/// Shared by OTLP/HTTP and OTLP/gRPC: maps spans, commits the LLM calls durably, and only then updates the metrics
/// and lets the transport acknowledge.
/// </summary>
internal sealed class IngestPipeline(TelemetryStore store, CallContentStore contents, GenAiSpanMapper mapper, CollectorMetrics metrics, SpanFedSeries spanFed, IOptions<CollectorOptions> options, ILogger<IngestPipeline> logger)
{
    private readonly CollectorLimits _limits = options.Value.Limits;
    private readonly ConcurrentBag<EncodedSpanAggregator> _aggregators = [];

    public bool IsOverloaded => store.QueuedSpans >= _limits.MaxQueuedSpans;

    /// <summary>
    /// Ingests an encoded <c>ExportTraceServiceRequest</c> (OTLP/HTTP protobuf, gRPC). Canonical encodings take the
    /// fast reader, which aggregates common GenAI spans straight from the bytes (<see cref="EncodedSpanAggregator"/>)
    /// and maps the rest span by span; anything else is decoded by Google.Protobuf, whose error message a malformed
    /// body gets.
    /// </summary>
    public Task<IngestOutcome> IngestProtobufAsync(ReadOnlySpan<byte> body, CancellationToken cancellationToken)
    {
        // Whether the fast reader takes the body: known once the aggregating walk has validated it.
        bool? wellFormed = null;
        if (!mapper.StoresContent && !IsOverloaded)
        {
            var aggregator = _aggregators.TryTake(out var pooled) ? pooled : mapper.NewAggregator();
            try
            {
                aggregator.Begin();
                wellFormed = new OtlpProtobufReader(mapper, aggregator).TryAggregate(body);
                if (wellFormed.Value)
                {
                    if (!aggregator.Bailed)
                    {
                        return StoreAggregated(aggregator.Batch, aggregator.Complete(), aggregator.Accepted, aggregator.Ignored, aggregator.Tools, cancellationToken);
                    }

                    // Well-formed, but some span needs the span-by-span mapping (a rejection, content, a canary…).
                    var mapped = new List<SpanMapping>();
                    new OtlpProtobufReader(mapper).Map(body, mapped);
                    return StoreAsync(mapped, cancellationToken);
                }
            }
            finally
            {
                _aggregators.Add(aggregator);
            }
        }

        ExportTraceServiceRequest? request = null;
        // Content storage reads the decoded span (messages may sit in span events): Google.Protobuf then decodes.
        if (mapper.StoresContent || !(wellFormed ?? OtlpProtobufReader.IsWellFormed(body)))
        {
            try
            {
                request = ExportTraceServiceRequest.Parser.ParseFrom(body);
            }
            catch (InvalidProtocolBufferException exception)
            {
                return Task.FromResult(new IngestOutcome(IngestStatus.Malformed, 0, 0, 0, exception.Message));
            }
        }

        if (IsOverloaded)
        {
            return Task.FromResult(Backpressure());
        }

        var mappings = new List<SpanMapping>();
        if (request is null)
        {
            new OtlpProtobufReader(mapper).Map(body, mappings);
        }
        else
        {
            Map(request, mappings);
        }

        return StoreAsync(mappings, cancellationToken);
    }

    /// <summary>Ingests a request decoded elsewhere (OTLP/HTTP JSON).</summary>
    public Task<IngestOutcome> IngestAsync(ExportTraceServiceRequest request, CancellationToken cancellationToken)
    {
        if (IsOverloaded)
        {
            return Task.FromResult(Backpressure());
        }

        var mappings = new List<SpanMapping>();
        Map(request, mappings);
        return StoreAsync(mappings, cancellationToken);
    }

    private IngestOutcome Backpressure()
    {
        metrics.CountRejectedRequest("backpressure");
        return new IngestOutcome(IngestStatus.Backpressure, 0, 0, 0, "the collector is busy committing earlier data; retry later");
    }

    private void Map(ExportTraceServiceRequest request, List<SpanMapping> mappings)
    {
        foreach (var resourceSpans in request.ResourceSpans)
        {
            foreach (var scopeSpans in resourceSpans.ScopeSpans)
            {
                foreach (var span in scopeSpans.Spans)
                {
                    mappings.Add(mapper.Map(span, resourceSpans.Resource));
                }
            }
        }
    }

    /// <summary>
    /// Classifies the mappings, tallies their metrics and hands the calls to the store (encoding and aggregation happen
    /// there, synchronously); only the tally waits for the commit, so the calls die young instead of being promoted
    /// by garbage collections during the commit wait.
    /// </summary>
    private Task<IngestOutcome> StoreAsync(List<SpanMapping> mappings, CancellationToken cancellationToken)
    {
        var accepted = new List<SpanMapping>(mappings.Count);
        long rejected = 0, ignored = 0, tools = 0;
        var reasons = new List<string>();
        foreach (var mapping in mappings)
        {
            switch (mapping.Verdict)
            {
                case SpanVerdict.Accepted:
                    accepted.Add(mapping);
                    break;
                case SpanVerdict.Ignored:
                    ignored++;
                    break;
                case SpanVerdict.ToolExecution:
                    tools++;
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

        var message = rejected == 0 ? null : $"{rejected} span(s) rejected: {string.Join("; ", reasons)}";
        var outcome = new IngestOutcome(IngestStatus.Stored, accepted.Count, rejected, ignored, message, tools);
        if (accepted.Count == 0)
        {
            metrics.CountSpans(0, rejected, ignored, tools);
            return Task.FromResult(outcome);
        }

        var tally = CollectorMetrics.Tally(accepted);
        Task commit;
        try
        {
            commit = accepted.Exists(m => m.Content is not null)
                ? StoreContentThenAppendAsync(accepted, cancellationToken)
                : store.AppendAsync(accepted.ConvertAll(m => m.Event!), cancellationToken);
        }
        catch (ObjectDisposedException exception)
        {
            commit = Task.FromException(exception);
        }

        return AcknowledgeAsync(commit, tally, outcome);
    }

    private Task<IngestOutcome> StoreAggregated(CallBatch batch, RequestMetrics tally, int accepted, int ignored, int tools, CancellationToken cancellationToken)
    {
        var outcome = new IngestOutcome(IngestStatus.Stored, accepted, 0, ignored, null, tools);
        if (accepted == 0)
        {
            metrics.CountSpans(0, 0, ignored, tools);
            return Task.FromResult(outcome);
        }

        Task commit;
        try
        {
            commit = store.AppendAsync(batch, cancellationToken);
        }
        catch (ObjectDisposedException exception)
        {
            commit = Task.FromException(exception);
        }

        return AcknowledgeAsync(commit, tally, outcome);
    }

    private async Task StoreContentThenAppendAsync(List<SpanMapping> accepted, CancellationToken cancellationToken)
    {
        // Content first: its insert is idempotent per span, so a retry after a failed telemetry commit stores it once.
        await contents.StoreAsync(accepted.Where(m => m.Content is not null).Select(m => m.Content!).ToList(), cancellationToken);
        await store.AppendAsync(accepted.ConvertAll(m => m.Event!), cancellationToken);
    }

    private async Task<IngestOutcome> AcknowledgeAsync(Task commit, RequestMetrics tally, IngestOutcome outcome)
    {
        try
        {
            await commit;
        }
        catch (Exception exception) when (exception is TelemetryStoreUnavailableException or ObjectDisposedException)
        {
            logger.LogWarning("Could not commit {Spans} spans: {Reason}", outcome.Accepted, exception.Message);
            metrics.CountRejectedRequest("backpressure");
            return new IngestOutcome(IngestStatus.Unavailable, 0, 0, 0, "storage is unavailable; retry later");
        }

        spanFed.Saw(tally.Series.Select(s => (s.Key, s.Value.OutputsAnalysed > 0)));
        metrics.Record(tally);
        metrics.CountSpans(outcome.Accepted, outcome.Rejected, outcome.Ignored, outcome.ToolExecutions);
        return outcome;
    }
}
