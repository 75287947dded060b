using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using QualityWatch.Collector.GenAi;
using QualityWatch.Collector.GenAiMetrics;
using QualityWatch.Collector.Ingest;
using QualityWatch.Collector.Metrics;
using QualityWatch.Collector.Otlp.Proto.Collector;
using QualityWatch.Collector.Otlp.Proto.Common;
using QualityWatch.Collector.Otlp.Proto.Logs;
using QualityWatch.Core.Telemetry;
using QualityWatch.Storage.Telemetry;

namespace QualityWatch.Collector.GenAiEvents;

/// <summary>
/// Reads GenAI output events that arrive as OTLP log records — <c>gen_ai.choice</c>, <c>gen_ai.content.completion</c>
/// and <c>gen_ai.client.inference.operation.details</c> (<c>gen_ai.output.messages</c>), named by the record's
/// <c>event_name</c> or its <c>event.name</c> attribute — and counts their output features (length, scripts) into the
/// series their attributes name (<c>gen_ai.provider.name</c>/<c>gen_ai.system</c>, <c>gen_ai.request.model</c>/
/// <c>gen_ai.response.model</c>, <c>gen_ai.operation.name</c>), in the minute of the record. Every other log record
/// is acknowledged and ignored.
/// </summary>
/// <remarks>
/// The features are not joined to the call (span) the record's span id names: calls are aggregated into series-minutes
/// when their span arrives, and an application that sends metrics instead of spans has no call to join. A record
/// without a model names no series and is ignored. <c>gen_ai.assistant.message</c> is not read: it is an assistant
/// turn of the prompt's history, not the call's output. Series whose spans carried output text recently are left to
/// the spans (<see cref="SpanFedSeries.HasOutputs"/>).
/// </remarks>
internal sealed class GenAiEventIngester(
    TelemetryStore store,
    GenAiSpanMapper mapper,
    SeriesCardinalityGuard cardinality,
    SpanFedSeries spanFed,
    CollectorMetrics metrics,
    IOptions<CollectorOptions> options,
    TimeProvider time,
    ILogger<GenAiEventIngester> logger)
{
    private const string EventNameAttribute = "event.name";
    private const string OperationDetailsEvent = "gen_ai.client.inference.operation.details";
    private const string OutputMessages = "gen_ai.output.messages";

    private readonly CollectorLimits _limits = options.Value.Limits;
    private readonly ContentFeatureExtractor _features = new(options.Value.ExpectedScripts);

    public async Task<IngestOutcome> IngestAsync(ExportLogsServiceRequest request, CancellationToken cancellationToken)
    {
        if (store.QueuedSpans >= _limits.MaxQueuedSpans)
        {
            metrics.CountRejectedRequest("backpressure");
            return new IngestOutcome(IngestStatus.Backpressure, 0, 0, 0, "the collector is busy committing earlier data; retry later");
        }

        var batch = new CallBatch();
        long accepted = 0, rejected = 0, ignored = 0;
        var reasons = new List<string>();
        foreach (var resourceLogs in request.ResourceLogs)
        {
            foreach (var scopeLogs in resourceLogs.ScopeLogs)
            {
                foreach (var record in scopeLogs.LogRecords)
                {
                    var verdict = Read(record, resourceLogs.Resource?.Attributes, batch);
                    if (verdict is null)
                    {
                        accepted++;
                    }
                    else if (verdict.Length == 0)
                    {
                        ignored++;
                    }
                    else
                    {
                        rejected++;
                        if (reasons.Count < 3 && !reasons.Contains(verdict))
                        {
                            reasons.Add(verdict);
                        }
                    }
                }
            }
        }

        var message = rejected == 0 ? null : $"{rejected} log record(s) rejected: {string.Join("; ", reasons)}";
        if (!batch.IsEmpty)
        {
            try
            {
                await store.AppendAsync(batch, cancellationToken);
            }
            catch (Exception exception) when (exception is TelemetryStoreUnavailableException or ObjectDisposedException)
            {
                logger.LogWarning("Could not commit {Records} GenAI events: {Reason}", accepted, exception.Message);
                metrics.CountRejectedRequest("backpressure");
                return new IngestOutcome(IngestStatus.Unavailable, 0, 0, 0, "storage is unavailable; retry later");
            }
        }

        metrics.CountRecords("logs", accepted, rejected, ignored);
        return new IngestOutcome(IngestStatus.Stored, accepted, rejected, ignored, message);
    }

    /// <summary>Null when the record was counted, empty when ignored, otherwise why it was rejected.</summary>
    private string? Read(LogRecord record, IEnumerable<KeyValue>? resourceAttributes, CallBatch batch)
    {
        var name = record.EventName;
        if (name.Length == 0)
        {
            name = record.Attributes.FirstOrDefault(a => a.Key == EventNameAttribute) is { } attribute ? GenAiSpanMapper.AsString(attribute.Value) ?? string.Empty : string.Empty;
        }

        if (!OutputEvents.IsOutputEvent(name) && name != OperationDetailsEvent)
        {
            return string.Empty;
        }

        var fields = new SpanFields();
        var output = new OutputEvents();
        SortedDictionary<string, string>? labels = null;
        foreach (var attribute in resourceAttributes ?? [])
        {
            if (mapper.LabelFor(attribute.Key) is { } label && GenAiSpanMapper.LabelValue(attribute.Key, attribute.Value) is { } value)
            {
                (labels ??= new(StringComparer.Ordinal))[label] = value;
            }
        }

        string? text = null;
        foreach (var attribute in record.Attributes)
        {
            if (attribute.Value is { ValueCase: AnyValue.ValueOneofCase.StringValue } value && value.StringValue.Length > _limits.MaxAttributeValueLength)
            {
                return $"attribute '{attribute.Key}' is {value.StringValue.Length} characters; the limit is {_limits.MaxAttributeValueLength}";
            }

            fields.Read(attribute.Key, attribute.Value);
            output.Read(name, attribute.Key, attribute.Value);
            if (attribute.Key == OutputMessages && GenAiSpanMapper.AsString(attribute.Value) is { } messages)
            {
                text ??= ContentFeatureExtractor.TextOfOutputMessages(messages);
            }

            if (mapper.LabelFor(attribute.Key) is { } label && GenAiSpanMapper.LabelValue(attribute.Key, attribute.Value) is { } labelValue)
            {
                (labels ??= new(StringComparer.Ordinal))[label] = labelValue;
            }
        }

        if (record.Body is { } body)
        {
            if (body.ValueCase == AnyValue.ValueOneofCase.StringValue && body.StringValue.Length > _limits.MaxAttributeValueLength)
            {
                return $"body is {body.StringValue.Length} characters; the limit is {_limits.MaxAttributeValueLength}";
            }

            ReadBody(name, body, output);
        }

        text ??= output.Text;
        var model = fields.RequestModel ?? fields.ResponseModel;
        if (text is null || model is null || fields.Operation == "execute_tool")
        {
            return string.Empty;
        }

        var nanos = record.TimeUnixNano != 0 ? record.TimeUnixNano : record.ObservedTimeUnixNano;
        if (nanos == 0)
        {
            return "log record has no time";
        }

        var at = GenAiSpanMapper.FromUnixNanos(nanos);
        if (at > time.GetUtcNow().AddMinutes(_limits.MaxFutureSkewMinutes))
        {
            return $"log record is in the future ({at:O})";
        }

        var key = new SeriesKey(fields.Provider ?? fields.LegacySystem ?? "unknown", model, fields.Operation ?? "chat", (IReadOnlyDictionary<string, string>?)labels ?? GenAiSpanMapper.NoLabels);
        if (spanFed.HasOutputs(key))
        {
            return string.Empty;
        }

        var features = _features.Extract(text, jsonRequested: false, FinishReasons.Normalise(output.FinishReason));
        var series = cardinality.Admit(key);
        batch.Slot(series, series.Canonical, CallBatch.MinuteOf(at.ToUnixTimeSeconds()))
            .AddOutput(new OutputFigures(features.OutputLength, features.ScriptCounts, features.UnexpectedScriptShare));
        return null;
    }

    /// <summary>
    /// The body of a <c>gen_ai.choice</c> event is the choice itself (<c>{index, finish_reason, message: {content}}</c>)
    /// as a map, or that choice as JSON text; a completion's body may be the text.
    /// </summary>
    private static void ReadBody(string eventName, AnyValue body, OutputEvents output)
    {
        switch (body.ValueCase)
        {
            case AnyValue.ValueOneofCase.StringValue:
                output.Read(eventName, eventName == OutputEvents.CompletionEvent ? "gen_ai.completion" : "gen_ai.event.content", body);
                break;
            case AnyValue.ValueOneofCase.KvlistValue:
                foreach (var entry in body.KvlistValue.Values)
                {
                    if (entry.Key == "message" && entry.Value is { ValueCase: AnyValue.ValueOneofCase.KvlistValue } message)
                    {
                        foreach (var part in message.KvlistValue.Values)
                        {
                            if (part.Key == "content")
                            {
                                output.Read(OutputEvents.ChoiceEvent, "content", part.Value);
                            }
                        }
                    }
                    else if (entry.Key is "content" or "finish_reason")
                    {
                        output.Read(OutputEvents.ChoiceEvent, entry.Key, entry.Value);
                    }
                }

                break;
            default:
                break;
        }
    }
}
