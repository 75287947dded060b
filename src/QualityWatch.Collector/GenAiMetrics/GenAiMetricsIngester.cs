using Google.Protobuf.Collections;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using QualityWatch.Collector.GenAi;
using QualityWatch.Collector.Ingest;
using QualityWatch.Collector.Metrics;
using QualityWatch.Collector.Otlp.Proto.Collector;
using QualityWatch.Collector.Otlp.Proto.Common;
using QualityWatch.Collector.Otlp.Proto.Metrics;
using QualityWatch.Core.Telemetry;
using QualityWatch.Storage.Telemetry;

namespace QualityWatch.Collector.GenAiMetrics;

/// <summary>
/// Reads the GenAI client metrics of an <c>ExportMetricsServiceRequest</c> into the per-minute series the spans feed,
/// for applications that export metrics and no spans: calls and durations from
/// <c>gen_ai.client.operation.duration</c>, tokens from <c>gen_ai.client.token.usage</c>, time to first chunk from
/// <c>gen_ai.client.operation.time_to_first_chunk</c>. The series comes from the data point attributes, as for a span.
/// </summary>
/// <remarks>
/// Delta points count as they are; cumulative points count what they gained since the stream's previous point
/// (<see cref="CumulativeStreams"/>). Observations count in the minute of the point's <c>time_unix_nano</c>, the end
/// of its interval, not in the minutes the calls started: with the SDKs' default export interval of 60 s a call
/// may land one minute later than its span would have. Series that spans fed recently are left to the spans
/// (<see cref="SpanFedSeries"/>).
/// </remarks>
internal sealed class GenAiMetricsIngester(
    TelemetryStore store,
    GenAiSpanMapper mapper,
    SeriesCardinalityGuard cardinality,
    SpanFedSeries spanFed,
    CumulativeStreams streams,
    CollectorMetrics metrics,
    IOptions<CollectorOptions> options,
    TimeProvider time,
    ILogger<GenAiMetricsIngester> logger)
{
    private const string TokenType = "gen_ai.token.type";
    private const string ToolOperation = "execute_tool";

    // Far above any real export interval's calls; keeps a corrupt or hostile point from overflowing the counts.
    private const long MaxCallsPerPoint = 1_000_000_000;

    private readonly CollectorLimits _limits = options.Value.Limits;

    // Deltas of cumulative streams are computed one request at a time: two exports of one stream must not both
    // subtract the same previous point.
    private readonly Lock _gate = new();

    public static GenAiMetricKind KindOf(string name) => name switch
    {
        "gen_ai.client.operation.duration" => GenAiMetricKind.OperationDuration,
        "gen_ai.client.token.usage" => GenAiMetricKind.TokenUsage,
        "gen_ai.client.operation.time_to_first_chunk" => GenAiMetricKind.TimeToFirstChunk,
        _ => GenAiMetricKind.None,
    };

    public async Task<IngestOutcome> IngestAsync(ExportMetricsServiceRequest request, CancellationToken cancellationToken)
    {
        if (store.QueuedSpans >= _limits.MaxQueuedSpans)
        {
            metrics.CountRejectedRequest("backpressure");
            return new IngestOutcome(IngestStatus.Backpressure, 0, 0, 0, "the collector is busy committing earlier data; retry later");
        }

        var batch = new CallBatch();
        var undo = new List<(string Stream, HistogramSnapshot? Previous)>();
        var tally = new RecordTally();
        var families = new RequestMetrics();
        lock (_gate)
        {
            foreach (var resourceMetrics in request.ResourceMetrics)
            {
                var resource = new MetricResource(resourceMetrics.Resource, mapper);
                foreach (var scopeMetrics in resourceMetrics.ScopeMetrics)
                {
                    var scope = $"{scopeMetrics.Scope?.Name}@{scopeMetrics.Scope?.Version}";
                    foreach (var metric in scopeMetrics.Metrics)
                    {
                        Read(metric, resource, scope, batch, families, undo, tally);
                    }
                }
            }
        }

        var message = tally.Rejected == 0 ? null : $"{tally.Rejected} data point(s) rejected: {string.Join("; ", tally.Reasons)}";
        var outcome = new IngestOutcome(IngestStatus.Stored, tally.Accepted, tally.Rejected, tally.Ignored, message);
        if (!batch.IsEmpty)
        {
            try
            {
                await store.AppendAsync(batch, cancellationToken);
            }
            catch (Exception exception) when (exception is TelemetryStoreUnavailableException or ObjectDisposedException)
            {
                lock (_gate)
                {
                    streams.Undo(undo);
                }

                logger.LogWarning("Could not commit {Points} metric data points: {Reason}", tally.Accepted, exception.Message);
                metrics.CountRejectedRequest("backpressure");
                return new IngestOutcome(IngestStatus.Unavailable, 0, 0, 0, "storage is unavailable; retry later");
            }
        }

        metrics.Record(families);
        metrics.CountRecords("metrics", tally.Accepted, tally.Rejected, tally.Ignored);
        return outcome;
    }

    private void Read(Metric metric, MetricResource resource, string scope, CallBatch batch, RequestMetrics families, List<(string, HistogramSnapshot?)> undo, RecordTally tally)
    {
        var kind = KindOf(metric.Name);
        switch (metric.DataCase)
        {
            case Metric.DataOneofCase.Histogram:
                var histogram = metric.Histogram;
                foreach (var point in histogram.DataPoints)
                {
                    if (kind == GenAiMetricKind.None)
                    {
                        tally.Ignored++;
                        continue;
                    }

                    var snapshot = HistogramPoints.FromExplicit(point, out var error);
                    Count(kind, snapshot, error, histogram.AggregationTemporality, point.Attributes, point.TimeUnixNano, resource, scope, metric.Name, batch, families, undo, tally);
                }

                break;
            case Metric.DataOneofCase.ExponentialHistogram:
                var exponential = metric.ExponentialHistogram;
                foreach (var point in exponential.DataPoints)
                {
                    if (kind == GenAiMetricKind.None)
                    {
                        tally.Ignored++;
                        continue;
                    }

                    var snapshot = HistogramPoints.FromExponential(point, out var error);
                    Count(kind, snapshot, error, exponential.AggregationTemporality, point.Attributes, point.TimeUnixNano, resource, scope, metric.Name, batch, families, undo, tally);
                }

                break;
            default:
                // Gauges, sums and summaries: no GenAI client metric is one.
                break;
        }
    }

    private void Count(
        GenAiMetricKind kind,
        HistogramSnapshot? snapshot,
        string? error,
        AggregationTemporality temporality,
        RepeatedField<KeyValue> attributes,
        ulong timeUnixNano,
        MetricResource resource,
        string scope,
        string metricName,
        CallBatch batch,
        RequestMetrics families,
        List<(string, HistogramSnapshot?)> undo,
        RecordTally tally)
    {
        if (snapshot is null)
        {
            tally.Reject(error!);
            return;
        }

        if (temporality == AggregationTemporality.Unspecified)
        {
            tally.Reject("aggregation_temporality is unspecified");
            return;
        }

        if (timeUnixNano == 0)
        {
            tally.Reject("data point has no time");
            return;
        }

        var at = GenAiSpanMapper.FromUnixNanos(timeUnixNano);
        if (at > time.GetUtcNow().AddMinutes(_limits.MaxFutureSkewMinutes))
        {
            tally.Reject($"data point is in the future ({at:O})");
            return;
        }

        var read = ReadAttributes(attributes, resource);
        if (read is null)
        {
            tally.Ignored++;
            return;
        }

        var (key, errorType, tokenType) = read.Value;
        HistogramDelta delta;
        if (temporality == AggregationTemporality.Delta)
        {
            delta = snapshot.Since(null);
        }
        else
        {
            var stream = $"{resource.Identity}|{scope}|{metricName}|{string.Join(',', attributes.Select(a => $"{a.Key}={a.Value}").Order(StringComparer.Ordinal))}";
            if (streams.Advance(stream, snapshot, undo) is not { } gained)
            {
                tally.Reject($"more than {CumulativeStreams.MaxStreams} cumulative streams; use delta temporality");
                return;
            }

            delta = gained;
        }

        if (delta.Count > MaxCallsPerPoint)
        {
            tally.Reject($"data point adds {delta.Count} observations; at most {MaxCallsPerPoint} are believed");
            return;
        }

        // Advanced all the same, so that when the spans stop the metrics take over from where they are, not from zero.
        if (spanFed.IsFed(key))
        {
            tally.Ignored++;
            return;
        }

        tally.Accepted++;
        if (delta.Count == 0)
        {
            return;
        }

        var series = cardinality.Admit(key);
        if (!families.Series.TryGetValue(series, out var family))
        {
            family = new SeriesTally();
            families.Series[series] = family;
        }

        family.Add(kind, delta, errorType, tokenType);
        var slot = batch.Slot(series, series.Canonical, CallBatch.MinuteOf(at.ToUnixTimeSeconds()));
        switch (kind)
        {
            case GenAiMetricKind.OperationDuration:
                foreach (var (value, count) in delta.Buckets)
                {
                    slot.AddCalls(count, value, errorType);
                }

                break;
            case GenAiMetricKind.TimeToFirstChunk:
                foreach (var (value, count) in delta.Buckets)
                {
                    slot.AddTimeToFirstToken(count, value);
                }

                break;
            case GenAiMetricKind.TokenUsage:
                var tokens = delta.Sum is { } sum && double.IsFinite(sum) ? sum : delta.Buckets.Sum(b => b.Value * b.Count);
                var whole = (long)Math.Round(Math.Clamp(tokens, 0, 1e15));
                if (tokenType is "input" or "prompt")
                {
                    slot.AddTokens(whole, 0);
                }
                else if (tokenType is "output" or "completion")
                {
                    slot.AddTokens(0, whole);
                }

                break;
            default:
                break;
        }
    }

    /// <summary>The series of a data point (null: not a GenAI call), its error type and its token type.</summary>
    private (SeriesKey Key, string? ErrorType, string? TokenType)? ReadAttributes(RepeatedField<KeyValue> attributes, MetricResource resource)
    {
        var fields = new SpanFields();
        SortedDictionary<string, string>? labels = resource.Labels is null ? null : new(resource.Labels, StringComparer.Ordinal);
        string? tokenType = null;
        foreach (var attribute in attributes)
        {
            fields.Read(attribute.Key, attribute.Value);
            if (attribute.Key == TokenType)
            {
                tokenType = GenAiSpanMapper.AsString(attribute.Value);
            }
            else if (mapper.LabelFor(attribute.Key) is { } label && GenAiSpanMapper.LabelValue(attribute.Key, attribute.Value) is { } value)
            {
                (labels ??= new(StringComparer.Ordinal))[label] = value;
            }
        }

        var provider = fields.Provider ?? fields.LegacySystem;
        var model = fields.RequestModel ?? fields.ResponseModel;
        var operation = fields.Operation;
        if ((provider is null && model is null && operation is null) || operation == ToolOperation)
        {
            return null;
        }

        var key = new SeriesKey(provider ?? "unknown", model ?? "unknown", operation ?? "chat", (IReadOnlyDictionary<string, string>?)labels ?? GenAiSpanMapper.NoLabels);
        return (key, ErrorTypes.Normalise(fields.ErrorType, null), tokenType);
    }
}
