using System.Globalization;
using System.Text;
using Google.Protobuf.Collections;
using QualityWatch.Collector.Otlp.Fast;
using QualityWatch.Collector.Content;
using QualityWatch.Collector.Otlp.Proto.Common;
using QualityWatch.Collector.Otlp.Proto.Resource;
using QualityWatch.Collector.Otlp.Proto.Trace;
using QualityWatch.Core.Telemetry;
using QualityWatch.Storage.Telemetry;

namespace QualityWatch.Collector.GenAi;

/// <summary>
/// Recognises LLM spans and normalises them to <see cref="LlmCall"/>: the OpenTelemetry GenAI semantic conventions
/// (https://opentelemetry.io/docs/specs/semconv/gen-ai/gen-ai-spans/, current <c>gen_ai.provider.name</c> and the
/// older <c>gen_ai.system</c>), OpenLLMetry (<c>gen_ai.usage.prompt_tokens</c>, <c>llm.*</c>) and OpenInference
/// (<c>llm.model_name</c>, <c>llm.token_count.*</c>, <c>llm.provider</c>), and the dialects of the .NET producers:
/// Semantic Kernel (singular <c>gen_ai.response.finish_reason</c>, output in <c>gen_ai.choice</c> events) and
/// Microsoft.Extensions.AI (finish reasons as one JSON string, exception names as <c>error.type</c>); see
/// <see cref="FinishReasons"/>, <see cref="ErrorTypes"/> and <see cref="OutputEvents"/>. Tool executions
/// (<c>execute_tool</c>) are recognised and kept out of the LLM calls. Output text is reduced to features here
/// and never leaves this method, unless content storage is configured (<c>collector.content.store</c>), in which case
/// the prompt and completion messages travel in <see cref="SpanMapping.Content"/>.
/// </summary>
internal sealed class GenAiSpanMapper
{
    private const string EvaluationEvent = "gen_ai.evaluation.result";
    private const string ToolOperation = "execute_tool";
    private const string ServerAddress = "server.address";

    // Google.Protobuf decodes invalid UTF-8 to U+FFFD rather than failing, so this is how invalid input shows.
    private const char Replacement = '\uFFFD';

    // Shared by every call without extra labels; read-only through IReadOnlyDictionary.
    internal static readonly SortedDictionary<string, string> NoLabels = new(StringComparer.Ordinal);

    private readonly CollectorOptions _options;
    private readonly TimeProvider _time;
    private readonly ContentFeatureExtractor _features;
    private readonly SeriesCardinalityGuard _cardinality;
    private readonly Dictionary<string, string> _labelByAttribute;
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _labelsBySpan;
    private readonly CallContentReader? _content;

    public GenAiSpanMapper(CollectorOptions options, TimeProvider time, SeriesCardinalityGuard cardinality)
    {
        _options = options;
        _time = time;
        _cardinality = cardinality;
        _features = new ContentFeatureExtractor(options.ExpectedScripts);
        _labelByAttribute = options.ExtraLabels.ToDictionary(l => l.Value, l => l.Key, StringComparer.Ordinal);
        _labelsBySpan = _labelByAttribute.GetAlternateLookup<ReadOnlySpan<char>>();
        _content = options.Content.Store ? new CallContentReader(options.Content) : null;
    }

    /// <summary>
    /// Whether mappings carry prompt and completion content: the reader needs the decoded <see cref="Span"/>, so a
    /// decoder that maps encoded spans directly must hand such requests to <see cref="Map"/> instead.
    /// </summary>
    public bool StoresContent => _content is not null;

    /// <summary>
    /// A new aggregator applying this mapping's limits, cardinality guard and label attributes; used only while
    /// content is not stored (<see cref="StoresContent"/>), as it does not read content.
    /// </summary>
    public EncodedSpanAggregator NewAggregator() => new(_options.Limits, _options.ExpectedScripts, _time, _cardinality, [.. _labelByAttribute.Keys.Select(Encoding.UTF8.GetBytes)]);

    /// <summary>Whether extra series labels are configured (resource and span attributes may carry them).</summary>
    public bool HasExtraLabels => _labelByAttribute.Count > 0;

    /// <summary>The series label an attribute feeds, or null.</summary>
    public string? LabelFor(string attributeKey) => _labelByAttribute.GetValueOrDefault(attributeKey);

    public SpanMapping Map(Span span, Resource? resource)
    {
        var limits = _options.Limits;
        if (span.Attributes.Count > limits.MaxAttributesPerSpan)
        {
            return SpanMapping.Reject(TooManyAttributes(span.Attributes.Count));
        }

        var fields = new SpanFields();
        SortedDictionary<string, string>? labels = null;
        if (resource is not null && _labelByAttribute.Count > 0)
        {
            foreach (var attribute in resource.Attributes)
            {
                if (_labelByAttribute.TryGetValue(attribute.Key, out var label) && LabelValue(attribute.Key, attribute.Value) is { } value)
                {
                    (labels ??= new(StringComparer.Ordinal))[label] = value;
                }
            }
        }

        foreach (var attribute in span.Attributes)
        {
            var value = attribute.Value;
            if (value is { ValueCase: AnyValue.ValueOneofCase.StringValue } && value.StringValue.Length > limits.MaxAttributeValueLength)
            {
                return SpanMapping.Reject(ValueTooLong(attribute.Key, value.StringValue.Length));
            }

            if ((value is { ValueCase: AnyValue.ValueOneofCase.StringValue } && value.StringValue.Contains(Replacement, StringComparison.Ordinal)) || attribute.Key.Contains(Replacement, StringComparison.Ordinal))
            {
                return SpanMapping.Reject(InvalidUtf8(attribute.Key));
            }

            if (_labelByAttribute.Count > 0 && _labelByAttribute.TryGetValue(attribute.Key, out var label) && LabelValue(attribute.Key, value) is { } labelValue)
            {
                (labels ??= new(StringComparer.Ordinal))[label] = labelValue;
            }

            fields.Read(attribute.Key, value);
        }

        int passed = 0, total = 0;
        OutputEvents? outputEvents = null;
        foreach (var spanEvent in span.Events)
        {
            if (spanEvent.Name == EvaluationEvent && EvaluationPassed(spanEvent.Attributes) is { } eventPassed)
            {
                total++;
                passed += eventPassed ? 1 : 0;
            }
            else if (OutputEvents.IsOutputEvent(spanEvent.Name))
            {
                outputEvents ??= new OutputEvents();
                foreach (var attribute in spanEvent.Attributes)
                {
                    outputEvents.Read(spanEvent.Name, attribute.Key, attribute.Value);
                }
            }
        }

        var envelope = new SpanEnvelope(span.Name.Contains(Replacement, StringComparison.Ordinal), span.StartTimeUnixNano, span.EndTimeUnixNano, span.Status?.Code == Status.Types.StatusCode.Error, passed, total, outputEvents, span.Status?.Message,
            CallReference.FromBytes(span.TraceId.Span, span.SpanId.Span));
        // With content stored, the output messages are parsed once, for the content features and the stored content.
        var mapping = Complete(fields, labels, envelope, keepParsedOutput: _content is not null, out var parsedOutput);
        using var output = parsedOutput;
        return _content is null || mapping.Event is not { } stored
            ? mapping
            : mapping with { Content = _content.Read(span, stored.Series.Canonical, stored.Call.StartTime, output) };
    }

    /// <summary>
    /// <see cref="Map(Span, Resource?)"/> for a span still in protobuf form (<see cref="OtlpProtobufReader"/>): the
    /// same checks in the same order on the encoded bytes; only attributes this mapping reads become strings. Never
    /// used when <see cref="StoresContent"/>: content is read from the decoded span.
    /// </summary>
    public SpanMapping MapEncoded(ReadOnlySpan<byte> data, ReadOnlySpan<EncodedAttribute> attributes, SortedDictionary<string, string>? resourceLabels, SpanEnvelope envelope)
    {
        var limits = _options.Limits;
        if (attributes.Length > limits.MaxAttributesPerSpan)
        {
            return SpanMapping.Reject(TooManyAttributes(attributes.Length));
        }

        var fields = new SpanFields();
        var labels = resourceLabels is null ? null : new SortedDictionary<string, string>(resourceLabels, StringComparer.Ordinal);
        Span<char> keyBuffer = stackalloc char[128];
        foreach (var attribute in attributes)
        {
            var key = attribute.Key.Of(data);
            var isString = attribute.HasValue && attribute.Value.Case == AnyValue.ValueOneofCase.StringValue;
            var text = isString ? attribute.Value.Bytes.Of(data) : default;
            if (isString && text.Length > limits.MaxAttributeValueLength && Encoding.UTF8.GetCharCount(text) is var length && length > limits.MaxAttributeValueLength)
            {
                return SpanMapping.Reject(ValueTooLong(Encoding.UTF8.GetString(key), length));
            }

            if ((isString && !Utf8Text.IsCleanUtf8(text)) || !Utf8Text.IsCleanUtf8(key))
            {
                return SpanMapping.Reject(InvalidUtf8(Encoding.UTF8.GetString(key)));
            }

            ReadOnlySpan<char> keyChars = key.Length <= keyBuffer.Length ? keyBuffer[..Encoding.UTF8.GetChars(key, keyBuffer)] : Encoding.UTF8.GetString(key);
            var label = _labelByAttribute.Count > 0 && _labelsBySpan.TryGetValue(keyChars, out var found) ? found : null;
            var known = SpanFields.Reads(keyChars, out var knownKey);
            if (label is null && !known)
            {
                continue;
            }

            var value = attribute.HasValue ? attribute.Value.ToAnyValue(data) : null;
            if (label is not null && LabelValue(keyChars, value) is { } labelValue)
            {
                (labels ??= new(StringComparer.Ordinal))[label] = labelValue;
            }

            if (known)
            {
                fields.Read(knownKey!, value);
            }
        }

        return Complete(fields, labels, envelope, keepParsedOutput: false, out _);
    }

    /// <summary>
    /// The mapping of a read span; with <paramref name="keepParsedOutput"/>, the output messages parsed for the content
    /// features are handed back in <paramref name="output"/> (the caller disposes them) for the stored content to reuse.
    /// </summary>
    private SpanMapping Complete(SpanFields fields, SortedDictionary<string, string>? labels, SpanEnvelope span, bool keepParsedOutput, out ParsedMessages? output)
    {
        output = null;
        var limits = _options.Limits;
        var provider = fields.Provider ?? fields.LegacySystem ?? fields.LlmProvider ?? fields.LlmSystem;
        var model = fields.RequestModel ?? fields.LlmRequestModel ?? fields.LlmModelName ?? fields.ResponseModel;
        var operation = fields.Operation ?? fields.LlmRequestType ?? (fields.OpenInferenceKind == "LLM" ? "chat" : null);
        if (provider is null && model is null && operation is null)
        {
            return SpanMapping.Ignored;
        }

        // A traced function call, not an LLM call: it must not open an unknown/unknown/execute_tool series.
        if (operation == ToolOperation)
        {
            return SpanMapping.ToolExecution;
        }

        if (span.NameIsInvalidUtf8)
        {
            return SpanMapping.Reject("span name is not valid UTF-8");
        }

        if (span.StartTimeUnixNano == 0)
        {
            return SpanMapping.Reject("span has no start time");
        }

        if (span.EndTimeUnixNano < span.StartTimeUnixNano)
        {
            return SpanMapping.Reject("span ends before it starts (negative duration)");
        }

        var start = FromUnixNanos(span.StartTimeUnixNano);
        if (start > _time.GetUtcNow().AddMinutes(limits.MaxFutureSkewMinutes))
        {
            return SpanMapping.Reject($"span starts in the future ({start:O})");
        }

        var duration = DurationOf(span.StartTimeUnixNano, span.EndTimeUnixNano);
        // A canary span's error.type is the exception's name (Microsoft.Extensions.AI's span); the runner's bounded type
        // (503, timeout…) is in qualitywatch.canary.error_type.
        var errorType = fields.CanaryErrorType ?? ErrorTypes.Normalise(fields.ErrorType, span.StatusMessage) ?? (span.StatusIsError ? ErrorTypes.Other : null);
        var finishReason = FinishReasons.Normalise(fields.FinishReason) ?? FinishReasons.Normalise(span.Output?.FinishReason);
        output = keepParsedOutput && fields.OutputMessages is { } json ? CallContentReader.TryParseMessages(json) : null;
        var outputText = fields.OutputMessages is { } messages
            ? output is not null ? ContentFeatureExtractor.TextOfOutputMessages(output.Root) : ContentFeatureExtractor.TextOfOutputMessages(messages)
            : fields.CompletionText ?? span.Output?.Text;
        var content = outputText is null ? null : _features.Extract(outputText, fields.OutputType == "json", finishReason);

        var callLabels = (IReadOnlyDictionary<string, string>?)labels ?? NoLabels;
        var call = new LlmCall(
            start,
            duration,
            // Not a canary's: Microsoft.Extensions.AI times its first chunk on the wall clock, which is not the call's in
            // simulated time; the canary result carries the runner's own.
            fields.CanarySuite is null ? TimeToFirstChunk(fields.TimeToFirstChunkSeconds) : null,
            provider ?? "unknown",
            model ?? "unknown",
            fields.ResponseModel ?? fields.LlmResponseModel,
            operation ?? "chat",
            NonNegative(fields.InputTokens ?? fields.PromptTokens ?? fields.LlmPromptTokens ?? fields.TokenCountPrompt),
            NonNegative(fields.OutputTokens ?? fields.CompletionTokens ?? fields.LlmCompletionTokens ?? fields.TokenCountCompletion),
            finishReason,
            errorType,
            callLabels,
            content,
            NonNegative(fields.CacheReadInputTokens),
            NonNegative(fields.ReasoningOutputTokens),
            span.Reference);

        CanarySpan? canary = fields.CanarySuite is { } suite
            ? new CanarySpan(suite, fields.CanaryCaseId ?? string.Empty, fields.CanaryCategory ?? string.Empty, NormaliseOutcome(fields.CanaryOutcome, errorType))
            : null;

        int passed = span.EvaluationsPassed, total = span.Evaluations;
        if (canary is not null)
        {
            (passed, total) = canary.Outcome == "unavailable" ? (0, 0) : (canary.Outcome == "passed" ? 1 : 0, 1);
        }

        var seriesLabels = callLabels;
        if (canary is not null)
        {
            seriesLabels = new SortedDictionary<string, string>(callLabels.ToDictionary(), StringComparer.Ordinal) { ["suite"] = canary.Suite };
        }

        var series = _cardinality.Admit(new SeriesKey(call.Provider, call.RequestModel, call.Operation, seriesLabels));
        var cost = CostOf(fields.Cost);
        return new SpanMapping(SpanVerdict.Accepted, new TelemetryEvent(series, call, cost, passed, total), canary, fields.SystemFingerprint, null);
    }

    private static string NormaliseOutcome(string? outcome, string? errorType) => outcome?.ToLowerInvariant() switch
    {
        "passed" or "pass" => "passed",
        "failed" or "fail" => "failed",
        "unavailable" => "unavailable",
        _ => errorType is null ? "failed" : "unavailable",
    };

    private static bool? EvaluationPassed(RepeatedField<KeyValue> attributes)
    {
        string? label = null;
        double? score = null;
        foreach (var attribute in attributes)
        {
            if (attribute.Key == "gen_ai.evaluation.score.label")
            {
                label = AsString(attribute.Value);
            }
            else if (attribute.Key == "gen_ai.evaluation.score.value")
            {
                score = AsDouble(attribute.Value);
            }
        }

        return EvaluationPassed(label, score);
    }

    /// <summary>The verdict of a <c>gen_ai.evaluation.result</c> event from its score label or value.</summary>
    internal static bool? EvaluationPassed(string? label, double? score)
    {
        return label?.ToLowerInvariant() switch
        {
            "pass" or "passed" or "true" or "correct" or "relevant" => true,
            "fail" or "failed" or "false" or "incorrect" or "irrelevant" => false,
            _ => score is { } s ? s >= 0.5 : null,
        };
    }

    internal static DateTimeOffset FromUnixNanos(ulong nanos) =>
        DateTimeOffset.UnixEpoch.AddTicks((long)Math.Min(nanos / 100, (ulong)(DateTimeOffset.MaxValue - DateTimeOffset.UnixEpoch).Ticks));

    /// <summary>A token count as stored: negative counts are dropped.</summary>
    internal static long? NonNegative(long? value) => value is { } v && v >= 0 ? v : null;

    /// <summary>A span's duration (end ≥ start), capped at one day.</summary>
    internal static TimeSpan DurationOf(ulong startUnixNano, ulong endUnixNano) =>
        TimeSpan.FromTicks((long)Math.Min((endUnixNano - startUnixNano) / 100, (ulong)TimeSpan.FromDays(1).Ticks));

    /// <summary>Time to the first chunk as stored: negative or non-finite values dropped, capped at one day.</summary>
    internal static TimeSpan? TimeToFirstChunk(double? seconds) =>
        seconds is { } ttft && ttft >= 0 && double.IsFinite(ttft) ? TimeSpan.FromSeconds(Math.Min(ttft, 86_400)) : null;

    /// <summary>A cost in US dollars as stored: anything negative, non-finite or absurd counts as unknown (0).</summary>
    internal static decimal CostOf(double? dollars) => dollars is { } c && double.IsFinite(c) && c >= 0 && c < 1e9 ? (decimal)c : 0m;

    private string TooManyAttributes(int count) => $"span has {count} attributes; the limit is {_options.Limits.MaxAttributesPerSpan}";

    private string ValueTooLong(string key, int length) => $"attribute '{Truncate(key)}' is {length} characters; the limit is {_options.Limits.MaxAttributeValueLength}";

    private static string InvalidUtf8(string key) => $"attribute '{Truncate(key)}' is not valid UTF-8";

    private static string Truncate(string text) => text.Length <= 64 ? text : text[..64] + "…";

    /// <summary>
    /// The series label value of an attribute: its text, except that a <c>server.address</c> holding a URL (Semantic
    /// Kernel sends the endpoint, <c>https://host/v1/</c>) becomes its host, as the conventions define the attribute.
    /// </summary>
    internal static string? LabelValue(ReadOnlySpan<char> key, AnyValue? value)
    {
        var text = AsString(value);
        return key.SequenceEqual(ServerAddress) && text is not null && text.Contains("://", StringComparison.Ordinal) && Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Host.Length > 0
            ? uri.Host
            : text;
    }

    internal static string? AsString(AnyValue? value) => value?.ValueCase switch
    {
        AnyValue.ValueOneofCase.StringValue => value.StringValue,
        AnyValue.ValueOneofCase.IntValue => value.IntValue.ToString(CultureInfo.InvariantCulture),
        AnyValue.ValueOneofCase.DoubleValue => value.DoubleValue.ToString(CultureInfo.InvariantCulture),
        AnyValue.ValueOneofCase.BoolValue => value.BoolValue ? "true" : "false",
        AnyValue.ValueOneofCase.ArrayValue when value.ArrayValue.Values.Count > 0 => AsString(value.ArrayValue.Values[0]),
        _ => null,
    };

    internal static long? AsInt64(AnyValue? value) => value?.ValueCase switch
    {
        AnyValue.ValueOneofCase.IntValue => value.IntValue,
        AnyValue.ValueOneofCase.DoubleValue when double.IsFinite(value.DoubleValue) && Math.Abs(value.DoubleValue) < 9e18 => (long)value.DoubleValue,
        AnyValue.ValueOneofCase.StringValue when long.TryParse(value.StringValue, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => null,
    };

    internal static double? AsDouble(AnyValue? value) => value?.ValueCase switch
    {
        AnyValue.ValueOneofCase.DoubleValue => value.DoubleValue,
        AnyValue.ValueOneofCase.IntValue => value.IntValue,
        AnyValue.ValueOneofCase.StringValue when double.TryParse(value.StringValue, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => null,
    };
}
