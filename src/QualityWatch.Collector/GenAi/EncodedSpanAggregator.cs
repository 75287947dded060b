using System.Text;
using QualityWatch.Collector.Metrics;
using QualityWatch.Collector.Otlp.Fast;
using QualityWatch.Collector.Otlp.Proto.Common;
using QualityWatch.Core.Telemetry;
using QualityWatch.Core.Text;
using QualityWatch.Storage.Telemetry;

namespace QualityWatch.Collector.GenAi;

/// <summary>
/// The ingest hot path: aggregates a request's spans straight from their encoded attributes into series-minute figures
/// (<see cref="CallBatch"/>) and a metric tally, with no call, key or attribute string per span. It applies exactly
/// the rules of <see cref="GenAiSpanMapper"/> for the attributes it handles (<see cref="FastAttributeKeys"/>); on
/// anything else — a rejected span, an attribute only the mapping reads (canary results, fingerprints, the older
/// attribute sets and spellings), a label on a span attribute, a value of an unusual type, an exception name as
/// <c>error.type</c> (its status is in the span's status message) — it gives up (<see cref="Bailed"/>) and
/// the request is mapped span by span instead, so both paths always agree. Not used when content is stored. One
/// instance serves one request at a time; its caches of series keys and strings outlive requests.
/// </summary>
internal sealed class EncodedSpanAggregator
{
    private const int MaxCachedSeries = 4096;
    private const int MaxCachedStrings = 1024;
    private const int MaxSeriesChars = 384;
    private const int BytesProbes = 4;
    private static readonly ProtoRange Null = new(-1, 0);
    private static readonly string OverflowCanonical = SeriesCardinalityGuard.Overflow.Canonical;

    private readonly CollectorLimits _limits;
    private readonly IReadOnlyCollection<string> _expectedScripts;
    private readonly TimeProvider _time;
    private readonly SeriesCardinalityGuard _cardinality;
    private readonly byte[][] _labelAttributes;
    private readonly Dictionary<string, (int Id, SortedDictionary<string, string> Labels)> _labelSets = new(StringComparer.Ordinal);
    private SortedDictionary<string, string> _labels = GenAiSpanMapper.NoLabels;
    private int _labelSet;
    private readonly Dictionary<string, SeriesEntry> _series = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SeriesEntry>.AlternateLookup<ReadOnlySpan<char>> _seriesByChars;
    private readonly Dictionary<string, string> _strings = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _stringsByChars;
    private readonly Dictionary<string, string?> _finishReasons = new(StringComparer.Ordinal);
    private (string? Raw, string? Normalised) _lastFinishReason;
    private readonly List<RequestSeries> _requestSeries = [];
    private readonly BytesEntry?[] _byBytes = new BytesEntry?[1024];
    private readonly (byte[] Utf8, string Text)[] _recent = [.. Enumerable.Repeat((Array.Empty<byte>(), string.Empty), 8)];
    private int _nextRecent;
    private RequestSeries? _overflowSeries;
    private DateTimeOffset _latestStart;
    private long _overflowed;
    private int _stamp;

    public EncodedSpanAggregator(CollectorLimits limits, IReadOnlyCollection<string> expectedScripts, TimeProvider time, SeriesCardinalityGuard cardinality, byte[][] labelAttributes)
    {
        _limits = limits;
        _expectedScripts = expectedScripts;
        _time = time;
        _cardinality = cardinality;
        _labelAttributes = labelAttributes;
        _seriesByChars = _series.GetAlternateLookup<ReadOnlySpan<char>>();
        _stringsByChars = _strings.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>The calls of the current request, by series and minute.</summary>
    public CallBatch Batch { get; private set; } = new();

    /// <summary>LLM spans aggregated in the current request.</summary>
    public int Accepted { get; private set; }

    /// <summary>Non-LLM spans seen in the current request.</summary>
    public int Ignored { get; private set; }

    /// <summary>Tool execution spans (<see cref="SpanVerdict.ToolExecution"/>) seen in the current request.</summary>
    public int Tools { get; private set; }

    /// <summary>The current request needs the span-by-span mapping; what was aggregated so far is to be dropped.</summary>
    public bool Bailed { get; private set; }

    /// <summary>Starts a request.</summary>
    public void Begin()
    {
        // Caches are trimmed only between requests: within one, each series must keep a single entry.
        if (_series.Count >= MaxCachedSeries || _labelSets.Count >= MaxCachedSeries)
        {
            _series.Clear();
            _labelSets.Clear();
            Array.Clear(_byBytes);
        }

        _stamp++;
        Batch = new CallBatch();
        _requestSeries.Clear();
        _overflowSeries = null;
        _overflowed = 0;
        Accepted = 0;
        Ignored = 0;
        Tools = 0;
        Bailed = false;
        _latestStart = _time.GetUtcNow().AddMinutes(_limits.MaxFutureSkewMinutes);
    }

    /// <summary>
    /// The configured labels the resource of the spans that follow carries (null for none): they are part of those
    /// spans' series, as in the mapping. A label carried by a span attribute sends the request to the mapping.
    /// </summary>
    public void UseResourceLabels(SortedDictionary<string, string>? labels)
    {
        if (labels is null || labels.Count == 0)
        {
            (_labelSet, _labels) = (0, GenAiSpanMapper.NoLabels);
            return;
        }

        var canonical = string.Join('\u001f', labels.Select(l => l.Key + "=" + l.Value));
        if (!_labelSets.TryGetValue(canonical, out var set))
        {
            set = (_labelSets.Count + 1, new SortedDictionary<string, string>(labels, StringComparer.Ordinal));
            _labelSets[canonical] = set;
        }

        (_labelSet, _labels) = set;
    }

    /// <summary>Ends a request that did not bail: counts its overflowed calls and returns its metric tally.</summary>
    public RequestMetrics Complete()
    {
        if (_overflowed > 0)
        {
            _cardinality.CountOverflowed(_overflowed);
        }

        var metrics = new RequestMetrics();
        foreach (var series in _requestSeries)
        {
            metrics.Series[series.Key] = series.Tally;
        }

        return metrics;
    }

    /// <summary>Aggregates one span, or marks the request <see cref="Bailed"/>.</summary>
    public void Add(ReadOnlySpan<byte> data, ReadOnlySpan<EncodedAttribute> attributes, in SpanEnvelope span)
    {
        if (!Bailed && !TryAdd(data, attributes, span))
        {
            Bailed = true;
        }
    }

    private bool TryAdd(ReadOnlySpan<byte> data, ReadOnlySpan<EncodedAttribute> attributes, in SpanEnvelope span)
    {
        if (attributes.Length > _limits.MaxAttributesPerSpan)
        {
            return false;
        }

        ProtoRange provider = Null, system = Null, operation = Null, requestModel = Null, responseModel = Null, finishReason = Null, errorType = Null, outputMessages = Null, completionText = Null;
        long? input = null, output = null, prompt = null, completion = null, cacheRead = null, reasoning = null;
        double? timeToFirstChunk = null, cost = null;
        foreach (ref readonly var attribute in attributes)
        {
            var key = attribute.Key.Of(data);
            if (attribute.HasValue && attribute.Value.Case == AnyValue.ValueOneofCase.StringValue)
            {
                var text = attribute.Value.Bytes.Of(data);
                if ((text.Length > _limits.MaxAttributeValueLength && Encoding.UTF8.GetCharCount(text) > _limits.MaxAttributeValueLength) || !Utf8Text.IsCleanUtf8(text))
                {
                    return false;
                }
            }

            // A key equal to a known one is clean ASCII; only other keys need the UTF-8 check.
            var kind = FastAttributeKeys.Classify(key);
            if ((kind == FastAttribute.Unknown && !Utf8Text.IsCleanUtf8(key)) || IsLabelAttribute(key))
            {
                return false;
            }

            var ok = kind switch
            {
                FastAttribute.Unknown or FastAttribute.NotAggregated => true,
                FastAttribute.Provider => TryText(attribute, out provider),
                FastAttribute.LegacySystem => TryText(attribute, out system),
                FastAttribute.Operation => TryText(attribute, out operation),
                FastAttribute.RequestModel => TryText(attribute, out requestModel),
                FastAttribute.ResponseModel => TryText(attribute, out responseModel),
                FastAttribute.ErrorType => TryText(attribute, out errorType),
                FastAttribute.FinishReasons => finishReason.Start >= 0 || TryFirstText(data, attribute, out finishReason),
                FastAttribute.InputTokens => TryInteger(attribute, out input),
                FastAttribute.OutputTokens => TryInteger(attribute, out output),
                FastAttribute.PromptTokens => TryInteger(attribute, out prompt),
                FastAttribute.CompletionTokens => TryInteger(attribute, out completion),
                FastAttribute.CacheReadInputTokens => cacheRead is not null || TryInteger(attribute, out cacheRead),
                FastAttribute.ReasoningOutputTokens => reasoning is not null || TryInteger(attribute, out reasoning),
                FastAttribute.TimeToFirstChunk => timeToFirstChunk is not null || TryNumber(attribute, out timeToFirstChunk),
                FastAttribute.Cost => cost is not null || TryNumber(attribute, out cost),
                FastAttribute.OutputMessages => TryText(attribute, out outputMessages),
                FastAttribute.CompletionText => completionText.Start >= 0 || TryText(attribute, out completionText),
                _ => false,
            };
            if (!ok)
            {
                return false;
            }
        }

        // The mapping's precedence: the current attribute first, then the older one.
        var providerText = provider.Start >= 0 ? provider : system;
        var modelText = requestModel.Start >= 0 ? requestModel : responseModel;
        if (providerText.Start < 0 && modelText.Start < 0 && operation.Start < 0)
        {
            Ignored++;
            return true;
        }

        if (operation.Start >= 0 && operation.Of(data).SequenceEqual("execute_tool"u8))
        {
            Tools++;
            return true;
        }

        if (span.NameIsInvalidUtf8 || span.StartTimeUnixNano == 0 || span.EndTimeUnixNano < span.StartTimeUnixNano)
        {
            return false;
        }

        var start = GenAiSpanMapper.FromUnixNanos(span.StartTimeUnixNano);
        if (start > _latestStart)
        {
            return false;
        }

        var errorText = errorType.Start >= 0 ? Intern(errorType.Of(data)) : null;
        if (errorText is not null && ErrorTypes.IsExceptionName(errorText))
        {
            return false;
        }

        var series = Resolve(data, providerText, modelText, operation);
        if (series is null)
        {
            return false;
        }

        var figures = new CallFigures(
            GenAiSpanMapper.DurationOf(span.StartTimeUnixNano, span.EndTimeUnixNano).TotalSeconds,
            GenAiSpanMapper.TimeToFirstChunk(timeToFirstChunk)?.TotalSeconds,
            GenAiSpanMapper.NonNegative(input ?? prompt),
            GenAiSpanMapper.NonNegative(output ?? completion),
            GenAiSpanMapper.CostOf(cost),
            (finishReason.Start >= 0 ? NormalisedFinishReason(Intern(finishReason.Of(data))) : null) ?? FinishReasons.Normalise(span.Output?.FinishReason),
            errorText ?? (span.StatusIsError ? ErrorTypes.Other : null),
            span.EvaluationsPassed,
            span.Evaluations,
            Output(data, outputMessages, completionText, span.Output),
            span.Reference);
        series.SlotFor(Batch, CallBatch.MinuteOf(start.ToUnixTimeSeconds())).Add(figures);
        series.Tally.Add(figures);
        series.Tally.AddTokenDetails(GenAiSpanMapper.NonNegative(cacheRead), GenAiSpanMapper.NonNegative(reasoning));
        Accepted++;
        return true;
    }

    /// <summary>
    /// Length and script histogram of the output text, as <see cref="ContentFeatureExtractor"/> derives them: the text
    /// of <c>gen_ai.output.messages</c> when present, else the completion attribute, else the output events. The hash, refusal marker and JSON
    /// validity the mapping also derives feed no aggregate and are not computed here.
    /// </summary>
    private OutputFigures? Output(ReadOnlySpan<byte> data, ProtoRange outputMessages, ProtoRange completion, OutputEvents? events)
    {
        var text = outputMessages.Start >= 0
            ? ContentFeatureExtractor.TextOfOutputMessages(Encoding.UTF8.GetString(outputMessages.Of(data)))
            : completion.Start >= 0 ? Encoding.UTF8.GetString(completion.Of(data)) : events?.Text;
        if (text is null)
        {
            return null;
        }

        var histogram = UnicodeScript.Histogram(text);
        return new OutputFigures(text.Length, histogram, UnicodeScript.UnexpectedShare(histogram, _expectedScripts));
    }

    /// <summary><see cref="GenAiSpanMapper.AsString"/> for the cases that need no formatting; false for the others.</summary>
    private static bool TryText(in EncodedAttribute attribute, out ProtoRange text)
    {
        text = Null;
        if (!attribute.HasValue)
        {
            return true;
        }

        switch (attribute.Value.Case)
        {
            case AnyValue.ValueOneofCase.StringValue:
                text = attribute.Value.Bytes;
                return true;
            case AnyValue.ValueOneofCase.None or AnyValue.ValueOneofCase.KvlistValue or AnyValue.ValueOneofCase.BytesValue:
                return true;
            default:
                return false;
        }
    }

    /// <summary>As <see cref="TryText"/>, also taking the first element of an array of strings.</summary>
    private static bool TryFirstText(ReadOnlySpan<byte> data, in EncodedAttribute attribute, out ProtoRange text)
    {
        if (!attribute.HasValue || attribute.Value.Case != AnyValue.ValueOneofCase.ArrayValue)
        {
            return TryText(attribute, out text);
        }

        text = Null;
        var reader = new ProtoReader(data, attribute.Value.Bytes);
        while (!reader.AtEnd)
        {
            var tag = reader.ReadTag();
            if (tag != ProtoReader.Tag(1, ProtoReader.LengthDelimited))
            {
                reader.Skip(tag);
                continue;
            }

            var first = EncodedValue.Read(data, reader.ReadLengthDelimited(), depth: 0);
            switch (first.Case)
            {
                case AnyValue.ValueOneofCase.StringValue:
                    // Only top-level strings were checked; an element with invalid UTF-8 is left to the mapping.
                    text = first.Bytes;
                    return Utf8Text.IsCleanUtf8(first.Bytes.Of(data));
                case AnyValue.ValueOneofCase.None or AnyValue.ValueOneofCase.KvlistValue or AnyValue.ValueOneofCase.BytesValue:
                    return true;
                default:
                    return false;
            }
        }

        return true;
    }

    /// <summary><see cref="GenAiSpanMapper.AsInt64"/> for integers and non-numbers; false for doubles and strings.</summary>
    private static bool TryInteger(in EncodedAttribute attribute, out long? value)
    {
        value = null;
        if (!attribute.HasValue)
        {
            return true;
        }

        switch (attribute.Value.Case)
        {
            case AnyValue.ValueOneofCase.IntValue:
                value = (long)attribute.Value.Bits;
                return true;
            case AnyValue.ValueOneofCase.DoubleValue or AnyValue.ValueOneofCase.StringValue:
                return false;
            default:
                return true;
        }
    }

    /// <summary><see cref="GenAiSpanMapper.AsDouble"/> for numbers and non-numbers; false for strings.</summary>
    private static bool TryNumber(in EncodedAttribute attribute, out double? value)
    {
        value = null;
        if (!attribute.HasValue)
        {
            return true;
        }

        switch (attribute.Value.Case)
        {
            case AnyValue.ValueOneofCase.DoubleValue:
                value = BitConverter.UInt64BitsToDouble(attribute.Value.Bits);
                return true;
            case AnyValue.ValueOneofCase.IntValue:
                value = (long)attribute.Value.Bits;
                return true;
            case AnyValue.ValueOneofCase.StringValue:
                return false;
            default:
                return true;
        }
    }

    private bool IsLabelAttribute(ReadOnlySpan<byte> key)
    {
        foreach (var label in _labelAttributes)
        {
            if (key.SequenceEqual(label))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The series of a call, admitted once per request; null sends the request to the mapping.</summary>
    private RequestSeries? Resolve(ReadOnlySpan<byte> data, ProtoRange provider, ProtoRange model, ProtoRange operation)
    {
        var providerBytes = provider.Start >= 0 ? provider.Of(data) : "unknown"u8;
        var modelBytes = model.Start >= 0 ? model.Of(data) : "unknown"u8;
        var operationBytes = operation.Start >= 0 ? operation.Of(data) : "chat"u8;

        // First a small cache by the components' bytes, so most calls need no decoding and no string hashing.
        var hash = new HashCode();
        hash.Add(_labelSet);
        hash.AddBytes(providerBytes);
        hash.Add(providerBytes.Length);
        hash.AddBytes(modelBytes);
        hash.Add(modelBytes.Length);
        hash.AddBytes(operationBytes);
        var entry = Cached(hash.ToHashCode(), providerBytes, modelBytes, operationBytes) ?? Lookup(providerBytes, modelBytes, operationBytes, hash.ToHashCode());
        if (entry is null)
        {
            return null;
        }

        // A call whose own series reads "other/other/other" would share a metric cell with the overflow series.
        if (entry.Canonical == OverflowCanonical)
        {
            return null;
        }

        if (entry.Stamp != _stamp)
        {
            // Admitted once per request; overflowed calls are counted in Complete, so a request that bails counts none.
            entry.Stamp = _stamp;
            entry.Overflowed = !_cardinality.TryAdmit(entry.Key);
            entry.Series = entry.Overflowed
                ? _overflowSeries ??= NewSeries(SeriesCardinalityGuard.Overflow, OverflowCanonical)
                : NewSeries(entry.Key, entry.Canonical);
        }

        if (entry.Overflowed)
        {
            _overflowed++;
        }

        return entry.Series;
    }

    /// <summary>The series entry of the components, by their decoded text; null when they are too long for the fast path.</summary>
    private SeriesEntry? Lookup(ReadOnlySpan<byte> providerBytes, ReadOnlySpan<byte> modelBytes, ReadOnlySpan<byte> operationBytes, int hash)
    {
        // The lookup key is each component prefixed by its length, so no component text can fake a boundary.
        Span<char> chars = stackalloc char[MaxSeriesChars];
        if (_labelSet > char.MaxValue)
        {
            return null;
        }

        chars[0] = (char)_labelSet;
        var length = 1;
        if (!AppendComponent(chars, ref length, providerBytes) || !AppendComponent(chars, ref length, modelBytes) || !AppendComponent(chars, ref length, operationBytes))
        {
            return null;
        }

        var lookup = chars[..length];
        if (!_seriesByChars.TryGetValue(lookup, out var entry))
        {
            var providerLength = lookup[1];
            var providerText = new string(lookup.Slice(2, providerLength));
            var modelStart = 2 + providerLength;
            var modelText = new string(lookup.Slice(modelStart + 1, lookup[modelStart]));
            var operationStart = modelStart + 1 + lookup[modelStart];
            var operationText = new string(lookup.Slice(operationStart + 1, lookup[operationStart]));
            var key = new SeriesKey(providerText, modelText, operationText, _labels);
            entry = new SeriesEntry(key, key.Canonical);
            _series[new string(lookup)] = entry;
        }

        // Open addressing over a few neighbouring slots, so two hot series that share a slot do not evict each other.
        var slot = hash & (_byBytes.Length - 1);
        for (var probe = 1; probe < BytesProbes && _byBytes[slot] is not null; probe++)
        {
            slot = (slot + 1) & (_byBytes.Length - 1);
        }

        _byBytes[slot] = new BytesEntry(_labelSet, providerBytes.ToArray(), modelBytes.ToArray(), operationBytes.ToArray(), entry);
        return entry;
    }

    private SeriesEntry? Cached(int hash, ReadOnlySpan<byte> providerBytes, ReadOnlySpan<byte> modelBytes, ReadOnlySpan<byte> operationBytes)
    {
        for (var probe = 0; probe < BytesProbes; probe++)
        {
            var cached = _byBytes[(hash + probe) & (_byBytes.Length - 1)];
            if (cached is null)
            {
                return null;
            }

            if (cached.Matches(_labelSet, providerBytes, modelBytes, operationBytes))
            {
                return cached.Entry;
            }
        }

        return null;
    }

    private RequestSeries NewSeries(SeriesKey key, string canonical)
    {
        var series = new RequestSeries(key, canonical, new SeriesTally());
        _requestSeries.Add(series);
        return series;
    }

    private static bool AppendComponent(Span<char> chars, ref int length, ReadOnlySpan<byte> utf8)
    {
        // Decoded UTF-8 never has more chars than bytes.
        if (length + 1 + utf8.Length > chars.Length)
        {
            return false;
        }

        var written = Encoding.UTF8.GetChars(utf8, chars[(length + 1)..]);
        chars[length] = (char)written;
        length += 1 + written;
        return true;
    }

    /// <summary><see cref="FinishReasons.Normalise"/>, remembered per interned raw value (a request repeats a few).</summary>
    private string? NormalisedFinishReason(string raw)
    {
        // Interned strings: consecutive spans mostly share the instance, so one reference check usually answers.
        if (ReferenceEquals(raw, _lastFinishReason.Raw))
        {
            return _lastFinishReason.Normalised;
        }

        if (!_finishReasons.TryGetValue(raw, out var normalised))
        {
            if (_finishReasons.Count >= MaxCachedStrings)
            {
                _finishReasons.Clear();
            }

            normalised = FinishReasons.Normalise(raw);
            _finishReasons[raw] = normalised;
        }

        _lastFinishReason = (raw, normalised);
        return normalised;
    }

    /// <summary>The string of short, recurring values (finish reasons, error types) without a new one per call.</summary>
    private string Intern(ReadOnlySpan<byte> utf8)
    {
        // The last few values, compared as bytes: a request repeats "stop" and a handful of others.
        foreach (var (bytes, text) in _recent)
        {
            if (utf8.SequenceEqual(bytes))
            {
                return text;
            }
        }

        var interned = InternSlow(utf8);
        if (utf8.Length <= 64)
        {
            _recent[_nextRecent] = (utf8.ToArray(), interned);
            _nextRecent = (_nextRecent + 1) % _recent.Length;
        }

        return interned;
    }

    private string InternSlow(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > 128)
        {
            return Encoding.UTF8.GetString(utf8);
        }

        Span<char> chars = stackalloc char[128];
        var text = chars[..Encoding.UTF8.GetChars(utf8, chars)];
        if (_stringsByChars.TryGetValue(text, out var known))
        {
            return known;
        }

        if (_strings.Count >= MaxCachedStrings)
        {
            _strings.Clear();
        }

        known = new string(text);
        _strings[known] = known;
        return known;
    }

    private sealed class BytesEntry(int labelSet, byte[] provider, byte[] model, byte[] operation, SeriesEntry entry)
    {
        public SeriesEntry Entry { get; } = entry;

        public bool Matches(int labelSetId, ReadOnlySpan<byte> providerBytes, ReadOnlySpan<byte> modelBytes, ReadOnlySpan<byte> operationBytes) =>
            labelSetId == labelSet && providerBytes.SequenceEqual(provider) && modelBytes.SequenceEqual(model) && operationBytes.SequenceEqual(operation);
    }

    private sealed class SeriesEntry(SeriesKey key, string canonical)
    {
        public SeriesKey Key { get; } = key;

        public string Canonical { get; } = canonical;

        public int Stamp { get; set; }

        public bool Overflowed { get; set; }

        public RequestSeries? Series { get; set; }
    }

    private sealed class RequestSeries(SeriesKey key, string canonical, SeriesTally tally)
    {
        private long _minute = long.MinValue;
        private CallBatchSlot? _slot;
        private Dictionary<long, CallBatchSlot>? _others;

        public SeriesKey Key { get; } = key;

        public SeriesTally Tally { get; } = tally;

        /// <summary>The batch slot of one minute; calls of a request mostly share their minute.</summary>
        public CallBatchSlot SlotFor(CallBatch batch, long minute)
        {
            if (minute == _minute)
            {
                return _slot!;
            }

            if (_slot is not null)
            {
                (_others ??= [])[_minute] = _slot;
            }

            if (_others is null || !_others.TryGetValue(minute, out var slot))
            {
                slot = batch.Slot(Key, canonical, minute);
            }

            (_minute, _slot) = (minute, slot);
            return slot;
        }
    }
}
