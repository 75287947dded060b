using System.Diagnostics;
using System.Text;
using QualityWatch.Collector.GenAi;
using QualityWatch.Core.Metrics;
using QualityWatch.Core.Telemetry;
using QualityWatch.Storage.Telemetry;

namespace QualityWatch.Collector.Metrics;

/// <summary>
/// The collector's Prometheus families, exactly the catalogue in the brief, updated once a batch is durable.
/// Names follow the GenAI semantic conventions translated the Prometheus way (dots to underscores, unit suffix).
/// </summary>
internal sealed class CollectorMetrics
{
    private static readonly double[] DurationBuckets = [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92];
    private static readonly double[] TokenBuckets = [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864];
    private static readonly TimeSpan PassRatioWindow = TimeSpan.FromHours(1);

    private readonly TimeProvider _time;
    private readonly string[] _extraLabelKeys;
    private readonly HistogramFamily _duration;
    private readonly HistogramFamily _timeToFirstChunk;
    private readonly HistogramFamily _tokens;
    private readonly CounterFamily _cost;
    private readonly CounterFamily _finishReasons;
    private readonly CounterFamily _outputsAnalysed;
    private readonly CounterFamily _outputsUnexpected;
    private readonly CounterFamily _cacheReadTokens;
    private readonly CounterFamily _reasoningTokens;
    private readonly CounterFamily _canaryResults;
    private readonly CounterFamily _fingerprintChanges;
    private readonly CounterFamily _sloTarget;
    private readonly CounterFamily _spans = new("qualitywatch_ingest_spans_total", "Spans received, by result (accepted LLM calls, rejected, ignored non-LLM spans, tool executions).", ["result"]);
    private readonly CounterFamily _records = new("qualitywatch_ingest_records_total", "OTLP metric data points and log records received, by signal and result (accepted into series, rejected, ignored: not GenAI, or a series spans already feed).", ["signal", "result"]);
    private readonly CounterFamily _rejectedRequests = new("qualitywatch_ingest_requests_rejected_total", "Ingest requests refused as a whole, by reason.", ["reason"]);
    private readonly Dictionary<string, (string[] Labels, Queue<(DateTimeOffset At, bool Passed)> Results)> _canaryWindows = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _fingerprints = new(StringComparer.Ordinal);

    public CollectorMetrics(CollectorOptions options, TimeProvider time)
    {
        _time = time;
        _extraLabelKeys = options.ExtraLabels.Keys.Order(StringComparer.Ordinal).ToArray();
        var extra = _extraLabelKeys.Select(PrometheusText.LabelName).ToArray();
        string[] series = ["gen_ai_provider_name", "gen_ai_request_model", "gen_ai_operation_name", .. extra];
        string[] providerModel = ["gen_ai_provider_name", "gen_ai_request_model", .. extra];
        _duration = new("gen_ai_client_operation_duration_seconds", "GenAI operation duration.", [.. series, "error_type"], DurationBuckets);
        _timeToFirstChunk = new("gen_ai_client_operation_time_to_first_chunk_seconds", "Time to the first streamed chunk.", series, DurationBuckets);
        _tokens = new("gen_ai_client_token_usage", "Tokens used per operation, by token type.", [.. series, "gen_ai_token_type"], TokenBuckets);
        _cost = new("qualitywatch_cost_usd_total", "Cost of LLM calls in US dollars.", providerModel);
        _finishReasons = new("qualitywatch_finish_reasons_total", "Calls by finish reason.", [.. providerModel, "finish_reason"]);
        _outputsAnalysed = new("qualitywatch_outputs_analysed_total", "Outputs whose text was available for content features.", providerModel);
        _outputsUnexpected = new("qualitywatch_outputs_unexpected_script_total", "Outputs containing letters outside the expected scripts.", providerModel);
        _cacheReadTokens = new("qualitywatch_cache_read_input_tokens_total", "Input tokens served from the provider's prompt cache (gen_ai.usage.cache_read.input_tokens).", providerModel);
        _reasoningTokens = new("qualitywatch_reasoning_output_tokens_total", "Output tokens spent on reasoning (gen_ai.usage.reasoning.output_tokens).", providerModel);
        _canaryResults = new("qualitywatch_canary_results_total", "Canary results by outcome.", ["gen_ai_provider_name", "gen_ai_request_model", "suite", "category", "outcome"]);
        _fingerprintChanges = new("qualitywatch_canary_fingerprint_changes_total", "Changes of the provider's system fingerprint between consecutive calls.", ["gen_ai_provider_name", "gen_ai_request_model"]);
        _sloTarget = new("qualitywatch_provider_slo_target", "Configured availability objective.", ["gen_ai_provider_name", "gen_ai_request_model"], "gauge");
        foreach (var target in options.SloTargets)
        {
            _sloTarget.Set([target.Provider, target.Model], target.Target);
        }

        foreach (var result in (string[])["accepted", "rejected", "ignored", "tool"])
        {
            _spans.Add([result], 0);
        }

        foreach (var reason in (string[])["unauthorized", "too_large", "unsupported_media_type", "malformed", "backpressure", "limits"])
        {
            _rejectedRequests.Add([reason], 0);
        }

        foreach (var signal in (string[])["metrics", "logs"])
        {
            foreach (var result in (string[])["accepted", "rejected", "ignored"])
            {
                _records.Add([signal, result], 0);
            }
        }
    }

    public double SpansTotal(string result) => _spans.Get(result);

    public double RejectedRequests(string reason) => _rejectedRequests.Get(reason);

    /// <summary>Counts a request's spans; <paramref name="tools"/> are tool executions (<c>execute_tool</c>), not LLM calls.</summary>
    public void CountSpans(long accepted, long rejected, long ignored, long tools = 0)
    {
        _spans.Add(["accepted"], accepted);
        _spans.Add(["rejected"], rejected);
        _spans.Add(["ignored"], ignored);
        _spans.Add(["tool"], tools);
    }

    public void CountRejectedRequest(string reason) => _rejectedRequests.Add([reason], 1);

    /// <summary>Counts a metrics or logs request's data points or log records by result.</summary>
    public void CountRecords(string signal, long accepted, long rejected, long ignored)
    {
        _records.Add([signal, "accepted"], accepted);
        _records.Add([signal, "rejected"], rejected);
        _records.Add([signal, "ignored"], ignored);
    }

    public double RecordsTotal(string signal, string result) => _records.Get(signal, result);

    /// <summary>An empty per-request tally of one series, with the families' buckets.</summary>
    public static SeriesTally NewSeriesTally() => new(DurationBuckets, TokenBuckets);

    /// <summary>Tallies a request's accepted calls per series, so each metric cell is updated once per request.</summary>
    public static RequestMetrics Tally(IReadOnlyList<SpanMapping> accepted)
    {
        var tallies = new RequestMetrics();
        foreach (var mapping in accepted)
        {
            var key = mapping.Event!.Series;
            if (!tallies.Series.TryGetValue(key, out var tally))
            {
                tally = NewSeriesTally();
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

    /// <summary>Applies a tally once its calls are durable.</summary>
    public void Record(RequestMetrics tallies)
    {
        foreach (var mapping in tallies.CanariesAndFingerprints)
        {
            RecordCanaryAndFingerprint(mapping);
        }

        foreach (var (key, tally) in tallies.Series)
        {
            var extras = _extraLabelKeys.Select(k => key.Labels.GetValueOrDefault(k) ?? string.Empty).ToArray();
            string[] series = [key.Provider, key.Model, key.Operation, .. extras];
            string[] providerModel = [key.Provider, key.Model, .. extras];
            foreach (var (errorType, duration) in tally.DurationByErrorType)
            {
                _duration.Observe([.. series, errorType], duration);
            }

            if (tally.TimeToFirstChunk is { } ttft)
            {
                _timeToFirstChunk.Observe(series, ttft);
            }

            if (tally.InputTokens is { } input)
            {
                _tokens.Observe([.. series, "input"], input);
            }

            if (tally.OutputTokens is { } output)
            {
                _tokens.Observe([.. series, "output"], output);
            }

            if (tally.HasCost)
            {
                _cost.Add(providerModel, tally.Cost);
            }

            foreach (var (finishReason, count) in tally.FinishReasons)
            {
                _finishReasons.Add([.. providerModel, finishReason], count);
            }

            if (tally.CacheReadInputTokens is { } cached)
            {
                _cacheReadTokens.Add(providerModel, cached);
            }

            if (tally.ReasoningOutputTokens is { } reasoning)
            {
                _reasoningTokens.Add(providerModel, reasoning);
            }

            if (tally.OutputsAnalysed > 0)
            {
                _outputsAnalysed.Add(providerModel, tally.OutputsAnalysed);
                _outputsUnexpected.Add(providerModel, tally.OutputsWithUnexpectedScript);
            }
        }
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

    /// <summary>
    /// Canary results the runner of this very process produced (<c>serve</c>'s scheduler), which reach no OTLP
    /// endpoint: the same canary families as canary spans feed, plus the call's duration, time to first chunk and
    /// tokens in the GenAI histograms under the configured provider name and operation <c>chat</c>.
    /// </summary>
    public void RecordCanaryResults(IEnumerable<Core.Canaries.CanaryResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var noExtras = new string[_extraLabelKeys.Length];
        Array.Fill(noExtras, string.Empty);
        foreach (var result in results)
        {
            RecordCanaryOutcome(result.Provider, result.Model, result.Suite, result.Category, result.Outcome.ToString().ToLowerInvariant());
            if (result.SystemFingerprint is { Length: > 0 } fingerprint)
            {
                RecordFingerprint(result.Provider, result.Model, fingerprint);
            }

            string[] series = [result.Provider, result.Model, "chat", .. noExtras];
            _duration.Observe([.. series, result.ErrorType ?? string.Empty], result.Latency.TotalSeconds);
            if (result.TimeToFirstToken is { } ttft)
            {
                _timeToFirstChunk.Observe(series, ttft.TotalSeconds);
            }

            if (result.InputTokens is { } input)
            {
                _tokens.Observe([.. series, "input"], input);
            }

            if (result.OutputTokens is { } output)
            {
                _tokens.Observe([.. series, "output"], output);
            }

            if (result.Cost > 0)
            {
                _cost.Add([result.Provider, result.Model, .. noExtras], (double)result.Cost);
            }
        }
    }

    private void RecordCanaryOutcome(string provider, string model, string suite, string category, string outcome)
    {
        _canaryResults.Add([provider, model, suite, category, outcome], 1);
        if (outcome == "unavailable")
        {
            return;
        }

        lock (_canaryWindows)
        {
            var windowKey = string.Join('\u001f', provider, model, suite);
            if (!_canaryWindows.TryGetValue(windowKey, out var window))
            {
                window = ([provider, model, suite], new Queue<(DateTimeOffset, bool)>());
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
                _fingerprintChanges.Add([provider, model], 1);
            }

            _fingerprints[fingerprintKey] = fingerprint;
        }
    }

    /// <summary>The whole exposition: the collector's families, then every contributor's, grouped by family name.</summary>
    public string Render(IEnumerable<IMetricsContributor> contributors, long queueDepth, long seriesOverflow)
    {
        var output = new StringBuilder(16 * 1024);
        _duration.Write(output);
        _timeToFirstChunk.Write(output);
        _tokens.Write(output);
        _cacheReadTokens.Write(output);
        _reasoningTokens.Write(output);
        _cost.Write(output);
        _finishReasons.Write(output);
        _outputsAnalysed.Write(output);
        _outputsUnexpected.Write(output);
        _canaryResults.Write(output);
        WritePassRatio(output);
        _fingerprintChanges.Write(output);
        _sloTarget.Write(output);
        _spans.Write(output);
        _rejectedRequests.Write(output);
        _records.Write(output);
        PrometheusText.Header(output, "qualitywatch_ingest_queue_depth", "gauge", "Spans waiting for their durable commit.");
        PrometheusText.Sample(output, "qualitywatch_ingest_queue_depth", [], [], queueDepth);
        PrometheusText.Header(output, "qualitywatch_series_overflow_total", "counter", "Calls counted in the 'other' series because the cardinality limit was reached.");
        PrometheusText.Sample(output, "qualitywatch_series_overflow_total", [], [], seriesOverflow);
        using (var process = Process.GetCurrentProcess())
        {
            PrometheusText.Header(output, "process_resident_memory_bytes", "gauge", "Resident memory size in bytes.");
            PrometheusText.Sample(output, "process_resident_memory_bytes", [], [], process.WorkingSet64);
            PrometheusText.Header(output, "process_cpu_seconds_total", "counter", "Total user and system CPU time spent in seconds.");
            PrometheusText.Sample(output, "process_cpu_seconds_total", [], [], process.TotalProcessorTime.TotalSeconds);
        }

        WriteContributions(output, contributors);
        return output.ToString();
    }

    private void WritePassRatio(StringBuilder output)
    {
        PrometheusText.Header(output, "qualitywatch_canary_pass_ratio", "gauge", "Share of canaries that passed over the last hour.");
        var cutoff = _time.GetUtcNow() - PassRatioWindow;
        lock (_canaryWindows)
        {
            foreach (var (_, (labels, results)) in _canaryWindows.OrderBy(w => w.Key, StringComparer.Ordinal))
            {
                while (results.Count > 0 && results.Peek().At < cutoff)
                {
                    results.Dequeue();
                }

                if (results.Count > 0)
                {
                    PrometheusText.Sample(output, "qualitywatch_canary_pass_ratio", ["gen_ai_provider_name", "gen_ai_request_model", "suite"], labels, (double)results.Count(r => r.Passed) / results.Count);
                }
            }
        }
    }

    private static void WriteContributions(StringBuilder output, IEnumerable<IMetricsContributor> contributors)
    {
        var samples = new List<MetricSample>();
        foreach (var contributor in contributors)
        {
            try
            {
                samples.AddRange(contributor.Collect());
            }
            catch (Exception exception) when (exception is InvalidOperationException or ObjectDisposedException)
            {
                // One failing contributor must not take /metrics down for the others.
            }
        }

        foreach (var family in samples.GroupBy(s => s.Name, StringComparer.Ordinal))
        {
            var first = family.First();
            PrometheusText.Header(output, first.Name, first.Type == MetricType.Counter ? "counter" : "gauge", first.Help);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var sample in family)
            {
                var names = sample.Labels.Keys.Order(StringComparer.Ordinal).ToArray();
                var values = names.Select(n => sample.Labels[n]).ToArray();
                if (seen.Add(string.Join('\u001f', names.Concat(values))))
                {
                    PrometheusText.Sample(output, sample.Name, names.Select(PrometheusText.LabelName).ToArray(), values, sample.Value);
                }
            }
        }
    }
}
