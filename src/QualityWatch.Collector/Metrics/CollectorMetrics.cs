using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using QualityWatch.Collector.GenAi;

namespace QualityWatch.Collector.Metrics;

/// <summary>
/// The collector's instruments on the <see cref="MeterName"/> meter, updated once a batch is durable. GenAI instruments
/// carry the semantic conventions' names, units and attributes (<c>gen_ai.client.operation.duration</c> in seconds,
/// <c>gen_ai.client.token.usage</c> in tokens, …); the OpenTelemetry SDK the host adds serves them on <c>/metrics</c>
/// the Prometheus way (<c>gen_ai_client_operation_duration_seconds</c>) and pushes them over OTLP when asked.
/// </summary>
internal sealed class CollectorMetrics
{
    /// <summary>The collector's meter; every QualityWatch meter name starts with <c>QualityWatch.</c>.</summary>
    public const string MeterName = Core.Metrics.MeterNames.Collector;

    // The semantic conventions' advised boundaries for gen_ai.client.operation.duration and gen_ai.client.token.usage.
    private static readonly double[] DurationBuckets = [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92];
    private static readonly long[] TokenBuckets = [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864];
    private static readonly TimeSpan PassRatioWindow = TimeSpan.FromHours(1);

    private readonly TimeProvider _time;
    private readonly string[] _extraLabelKeys;
    private readonly Histogram<double> _duration;
    private readonly Histogram<double> _timeToFirstChunk;
    private readonly Histogram<long> _tokens;
    private readonly Counter<double> _cost;
    private readonly Counter<long> _finishReasons;
    private readonly Counter<long> _outputsAnalysed;
    private readonly Counter<long> _outputsUnexpected;
    private readonly Counter<long> _cacheReadTokens;
    private readonly Counter<long> _reasoningTokens;
    private readonly Counter<long> _canaryResults;
    private readonly Counter<long> _fingerprintChanges;
    private readonly Counter<long> _spans;
    private readonly Counter<long> _records;
    private readonly Counter<long> _rejectedRequests;

    // What the counters above were given, for the health page and tests; instruments cannot be read back.
    private readonly ConcurrentDictionary<string, long> _totals = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string Provider, string Model, string Suite, Queue<(DateTimeOffset At, bool Passed)> Results)> _canaryWindows = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _fingerprints = new(StringComparer.Ordinal);

    public CollectorMetrics(CollectorOptions options, TimeProvider time, IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(meterFactory);
        _time = time;
        _extraLabelKeys = options.ExtraLabels.Keys.Order(StringComparer.Ordinal).ToArray();
        var meter = meterFactory.Create(MeterName);
        _duration = meter.CreateHistogram("gen_ai.client.operation.duration", "s", "GenAI operation duration.", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
        _timeToFirstChunk = meter.CreateHistogram("gen_ai.client.operation.time_to_first_chunk", "s", "Time to the first streamed chunk.", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
        _tokens = meter.CreateHistogram("gen_ai.client.token.usage", "{token}", "Tokens used per operation, by token type.", advice: new InstrumentAdvice<long> { HistogramBucketBoundaries = TokenBuckets });
        _cost = meter.CreateCounter<double>("qualitywatch.cost", "usd", "Cost of LLM calls in US dollars.");
        _finishReasons = meter.CreateCounter<long>("qualitywatch.finish_reasons", "{call}", "Calls by finish reason.");
        _outputsAnalysed = meter.CreateCounter<long>("qualitywatch.outputs_analysed", "{output}", "Outputs whose text was available for content features.");
        _outputsUnexpected = meter.CreateCounter<long>("qualitywatch.outputs_unexpected_script", "{output}", "Outputs containing letters outside the expected scripts.");
        _cacheReadTokens = meter.CreateCounter<long>("qualitywatch.cache_read_input_tokens", "{token}", "Input tokens served from the provider's prompt cache (gen_ai.usage.cache_read.input_tokens).");
        _reasoningTokens = meter.CreateCounter<long>("qualitywatch.reasoning_output_tokens", "{token}", "Output tokens spent on reasoning (gen_ai.usage.reasoning.output_tokens).");
        _canaryResults = meter.CreateCounter<long>("qualitywatch.canary_results", "{result}", "Canary results by outcome.");
        _fingerprintChanges = meter.CreateCounter<long>("qualitywatch.canary_fingerprint_changes", "{change}", "Changes of the provider's system fingerprint between consecutive calls.");
        _spans = meter.CreateCounter<long>("qualitywatch.ingest_spans", "{span}", "Spans received, by result (accepted LLM calls, rejected, ignored non-LLM spans, tool executions).");
        _records = meter.CreateCounter<long>("qualitywatch.ingest_records", "{record}", "OTLP metric data points and log records received, by signal and result (accepted into series, rejected, ignored: not GenAI, or a series spans already feed).");
        _rejectedRequests = meter.CreateCounter<long>("qualitywatch.ingest_requests_rejected", "{request}", "Ingest requests refused as a whole, by reason.");
        meter.CreateObservableGauge("qualitywatch.canary_pass_ratio", ObservePassRatios, description: "Share of canaries that passed over the last hour.");
        var targets = options.SloTargets.Select(t => new Measurement<double>(t.Target, new KeyValuePair<string, object?>("gen_ai.provider.name", t.Provider), new KeyValuePair<string, object?>("gen_ai.request.model", t.Model))).ToArray();
        meter.CreateObservableGauge("qualitywatch.provider_slo_target", () => targets, description: "Configured availability objective.");

        // Every result and reason shows from the first scrape, at zero, so rate() and absent() work before the first event.
        foreach (var result in (string[])["accepted", "rejected", "ignored", "tool"])
        {
            Add(_spans, "spans", 0, new TagList { { "result", result } });
        }

        foreach (var reason in (string[])["unauthorized", "too_large", "unsupported_media_type", "malformed", "backpressure", "limits"])
        {
            Add(_rejectedRequests, "rejected", 0, new TagList { { "reason", reason } });
        }

        foreach (var signal in (string[])["metrics", "logs"])
        {
            foreach (var result in (string[])["accepted", "rejected", "ignored"])
            {
                Add(_records, "records", 0, new TagList { { "signal", signal }, { "result", result } });
            }
        }
    }

    public double SpansTotal(string result) => _totals.GetValueOrDefault($"spans|result={result}");

    public double RejectedRequests(string reason) => _totals.GetValueOrDefault($"rejected|reason={reason}");

    public double RecordsTotal(string signal, string result) => _totals.GetValueOrDefault($"records|signal={signal}|result={result}");

    /// <summary>Counts a request's spans; <paramref name="tools"/> are tool executions (<c>execute_tool</c>), not LLM calls.</summary>
    public void CountSpans(long accepted, long rejected, long ignored, long tools = 0)
    {
        Add(_spans, "spans", accepted, new TagList { { "result", "accepted" } });
        Add(_spans, "spans", rejected, new TagList { { "result", "rejected" } });
        Add(_spans, "spans", ignored, new TagList { { "result", "ignored" } });
        Add(_spans, "spans", tools, new TagList { { "result", "tool" } });
    }

    public void CountRejectedRequest(string reason) => Add(_rejectedRequests, "rejected", 1, new TagList { { "reason", reason } });

    /// <summary>Counts a metrics or logs request's data points or log records by result.</summary>
    public void CountRecords(string signal, long accepted, long rejected, long ignored)
    {
        Add(_records, "records", accepted, new TagList { { "signal", signal }, { "result", "accepted" } });
        Add(_records, "records", rejected, new TagList { { "signal", signal }, { "result", "rejected" } });
        Add(_records, "records", ignored, new TagList { { "signal", signal }, { "result", "ignored" } });
    }

    /// <summary>Tallies a request's accepted calls per series, so each series' tags are built once per request.</summary>
    public static RequestMetrics Tally(IReadOnlyList<SpanMapping> accepted)
    {
        var tallies = new RequestMetrics();
        foreach (var mapping in accepted)
        {
            var key = mapping.Event!.Series;
            if (!tallies.Series.TryGetValue(key, out var tally))
            {
                tally = new SeriesTally();
                tallies.Series[key] = tally;
            }

            tally.Add(mapping.Event);
            if (mapping.Canary is not null || mapping.SystemFingerprint is { Length: > 0 })
            {
                tallies.CanariesAndFingerprints.Add(mapping);
            }
        }

        return tallies;
    }

    /// <summary>Records accepted calls (tally and apply in one step).</summary>
    public void Record(IReadOnlyList<SpanMapping> accepted) => Record(Tally(accepted));

    /// <summary>
    /// Applies a tally once its calls are durable: counters once per series with the request's total, histograms once
    /// per observation (the instruments have no weighted record), with tags built once per series.
    /// </summary>
    public void Record(RequestMetrics tallies)
    {
        ArgumentNullException.ThrowIfNull(tallies);
        foreach (var mapping in tallies.CanariesAndFingerprints)
        {
            RecordCanaryAndFingerprint(mapping);
        }

        foreach (var (key, tally) in tallies.Series)
        {
            var series = SeriesTags(key.Provider, key.Model, key.Operation, key.Labels);
            var providerModel = SeriesTags(key.Provider, key.Model, operation: null, key.Labels);
            foreach (var (errorType, duration) in tally.DurationByErrorType)
            {
                var tags = series;
                if (errorType.Length > 0)
                {
                    tags.Add("error.type", errorType);
                }

                RecordAll(_duration, duration, tags);
            }

            if (tally.TimeToFirstChunk is { } ttft)
            {
                RecordAll(_timeToFirstChunk, ttft, series);
            }

            if (tally.InputTokens is { } input)
            {
                RecordTokens(input, series, "input");
            }

            if (tally.OutputTokens is { } output)
            {
                RecordTokens(output, series, "output");
            }

            if (tally.HasCost)
            {
                _cost.Add(tally.Cost, providerModel);
            }

            foreach (var (finishReason, count) in tally.FinishReasons)
            {
                var tags = providerModel;
                tags.Add("finish_reason", finishReason);
                _finishReasons.Add(count, tags);
            }

            if (tally.CacheReadInputTokens is { } cached)
            {
                _cacheReadTokens.Add(cached, providerModel);
            }

            if (tally.ReasoningOutputTokens is { } reasoning)
            {
                _reasoningTokens.Add(reasoning, providerModel);
            }

            if (tally.OutputsAnalysed > 0)
            {
                _outputsAnalysed.Add(tally.OutputsAnalysed, providerModel);
                _outputsUnexpected.Add(tally.OutputsWithUnexpectedScript, providerModel);
            }
        }
    }

    /// <summary>
    /// Canary results the runner of this very process produced (<c>serve</c>'s scheduler), which reach no OTLP
    /// endpoint: the same canary instruments as canary spans feed, plus the call's duration, time to first chunk and
    /// tokens in the GenAI histograms under the configured provider name and operation <c>chat</c>.
    /// </summary>
    public void RecordCanaryResults(IEnumerable<Core.Canaries.CanaryResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        foreach (var result in results)
        {
            RecordCanaryOutcome(result.Provider, result.Model, result.Suite, result.Category, result.Outcome.ToString().ToLowerInvariant());
            if (result.SystemFingerprint is { Length: > 0 } fingerprint)
            {
                RecordFingerprint(result.Provider, result.Model, fingerprint);
            }

            var series = SeriesTags(result.Provider, result.Model, "chat", labels: null);
            var duration = series;
            if (result.ErrorType is { Length: > 0 } errorType)
            {
                duration.Add("error.type", errorType);
            }

            _duration.Record(result.Latency.TotalSeconds, duration);
            if (result.TimeToFirstToken is { } ttft)
            {
                _timeToFirstChunk.Record(ttft.TotalSeconds, series);
            }

            if (result.InputTokens is { } input)
            {
                var tags = series;
                tags.Add("gen_ai.token.type", "input");
                _tokens.Record(input, tags);
            }

            if (result.OutputTokens is { } output)
            {
                var tags = series;
                tags.Add("gen_ai.token.type", "output");
                _tokens.Record(output, tags);
            }

            if (result.Cost > 0)
            {
                _cost.Add((double)result.Cost, SeriesTags(result.Provider, result.Model, operation: null, labels: null));
            }
        }
    }

    private static void RecordAll(Histogram<double> histogram, HistogramTally tally, in TagList tags)
    {
        foreach (var (value, count) in tally.Observations)
        {
            for (long i = 0; i < count; i++)
            {
                histogram.Record(value, tags);
            }
        }
    }

    private void RecordTokens(HistogramTally tally, TagList series, string tokenType)
    {
        series.Add("gen_ai.token.type", tokenType);
        foreach (var (value, count) in tally.Observations)
        {
            var tokens = (long)Math.Round(value);
            for (long i = 0; i < count; i++)
            {
                _tokens.Record(tokens, series);
            }
        }
    }

    /// <summary>A series' tags: provider, model, operation (when given) and every configured extra label (empty when the call had none, so every series of an instrument has the same label names).</summary>
    private TagList SeriesTags(string provider, string model, string? operation, IReadOnlyDictionary<string, string>? labels)
    {
        var tags = new TagList
        {
            { "gen_ai.provider.name", provider },
            { "gen_ai.request.model", model },
        };
        if (operation is not null)
        {
            tags.Add("gen_ai.operation.name", operation);
        }

        foreach (var label in _extraLabelKeys)
        {
            tags.Add(label, labels?.GetValueOrDefault(label) ?? string.Empty);
        }

        return tags;
    }

    private void Add(Counter<long> counter, string family, long value, in TagList tags)
    {
        counter.Add(value, tags);
        var key = family;
        foreach (var tag in tags)
        {
            key += $"|{tag.Key}={tag.Value}";
        }

        _totals.AddOrUpdate(key, value, (_, total) => total + value);
    }

    private void RecordCanaryAndFingerprint(SpanMapping mapping)
    {
        var key = mapping.Event!.Series;
        if (mapping.Canary is { } canary)
        {
            RecordCanaryOutcome(key.Provider, key.Model, canary.Suite, canary.Category, canary.Outcome);
        }

        if (mapping.SystemFingerprint is { Length: > 0 } fingerprint)
        {
            RecordFingerprint(key.Provider, key.Model, fingerprint);
        }
    }

    private void RecordCanaryOutcome(string provider, string model, string suite, string category, string outcome)
    {
        _canaryResults.Add(1, new TagList
        {
            { "gen_ai.provider.name", provider },
            { "gen_ai.request.model", model },
            { "suite", suite },
            { "category", category },
            { "outcome", outcome },
        });
        if (outcome == "unavailable")
        {
            return;
        }

        lock (_canaryWindows)
        {
            var windowKey = string.Join('\u001f', provider, model, suite);
            if (!_canaryWindows.TryGetValue(windowKey, out var window))
            {
                window = (provider, model, suite, new Queue<(DateTimeOffset, bool)>());
                _canaryWindows[windowKey] = window;
            }

            window.Results.Enqueue((_time.GetUtcNow(), outcome == "passed"));
        }
    }

    private void RecordFingerprint(string provider, string model, string fingerprint)
    {
        var fingerprintKey = provider + '\u001f' + model;
        lock (_fingerprints)
        {
            if (_fingerprints.TryGetValue(fingerprintKey, out var previous) && previous != fingerprint)
            {
                _fingerprintChanges.Add(1, new TagList { { "gen_ai.provider.name", provider }, { "gen_ai.request.model", model } });
            }

            _fingerprints[fingerprintKey] = fingerprint;
        }
    }

    private List<Measurement<double>> ObservePassRatios()
    {
        var cutoff = _time.GetUtcNow() - PassRatioWindow;
        var ratios = new List<Measurement<double>>();
        lock (_canaryWindows)
        {
            foreach (var (_, (provider, model, suite, results)) in _canaryWindows)
            {
                while (results.Count > 0 && results.Peek().At < cutoff)
                {
                    results.Dequeue();
                }

                if (results.Count > 0)
                {
                    ratios.Add(new Measurement<double>(
                        (double)results.Count(r => r.Passed) / results.Count,
                        new KeyValuePair<string, object?>("gen_ai.provider.name", provider),
                        new KeyValuePair<string, object?>("gen_ai.request.model", model),
                        new KeyValuePair<string, object?>("suite", suite)));
                }
            }
        }

        return ratios;
    }
}
