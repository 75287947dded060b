using System.Runtime.InteropServices;
using QualityWatch.Collector.GenAiMetrics;
using QualityWatch.Storage.Telemetry;

namespace QualityWatch.Collector.Metrics;

/// <summary>What one request's calls of one series add to the metric families, so each cell is updated once per request.</summary>
internal sealed class SeriesTally
{
    private string? _lastErrorType;
    private HistogramTally? _lastDuration;

    public Dictionary<string, HistogramTally> DurationByErrorType { get; } = new(StringComparer.Ordinal);

    public HistogramTally? TimeToFirstChunk { get; private set; }

    public HistogramTally? InputTokens { get; private set; }

    public HistogramTally? OutputTokens { get; private set; }

    public double Cost { get; private set; }

    public bool HasCost { get; private set; }

    public Dictionary<string, long> FinishReasons { get; } = new(StringComparer.Ordinal);

    public long OutputsAnalysed { get; private set; }

    public long OutputsWithUnexpectedScript { get; private set; }

    /// <summary>Input tokens read from the prompt cache, summed; null when no call reported them.</summary>
    public long? CacheReadInputTokens { get; private set; }

    /// <summary>Output tokens spent on reasoning, summed; null when no call reported them.</summary>
    public long? ReasoningOutputTokens { get; private set; }

    public void Add(TelemetryEvent telemetryEvent)
    {
        AddTokenDetails(telemetryEvent.Call.CacheReadInputTokens, telemetryEvent.Call.ReasoningOutputTokens);
        Add(CallFigures.Of(telemetryEvent));
    }

    /// <summary>
    /// Counts one call's cache-read and reasoning tokens. They are not stored with the minute buckets (no column
    /// holds them), so these counters are where they are kept.
    /// </summary>
    public void AddTokenDetails(long? cacheReadInputTokens, long? reasoningOutputTokens)
    {
        if (cacheReadInputTokens is { } cached)
        {
            CacheReadInputTokens = (CacheReadInputTokens ?? 0) + cached;
        }

        if (reasoningOutputTokens is { } reasoning)
        {
            ReasoningOutputTokens = (ReasoningOutputTokens ?? 0) + reasoning;
        }
    }

    /// <summary>Counts one call's figures.</summary>
    public void Add(in CallFigures figures)
    {
        var errorType = figures.ErrorType ?? string.Empty;
        HistogramTally? duration;
        if (ReferenceEquals(errorType, _lastErrorType))
        {
            duration = _lastDuration!;
        }
        else if (!DurationByErrorType.TryGetValue(errorType, out duration))
        {
            duration = new HistogramTally();
            DurationByErrorType[errorType] = duration;
        }

        // Most calls of a series share their error type (none), and its string instance: skip the lookup then.
        (_lastErrorType, _lastDuration) = (errorType, duration);

        duration.Observe(figures.DurationSeconds);
        if (figures.TimeToFirstTokenSeconds is { } ttft)
        {
            (TimeToFirstChunk ??= new HistogramTally()).Observe(ttft);
        }

        if (figures.InputTokens is { } input)
        {
            (InputTokens ??= new HistogramTally()).Observe(input);
        }

        if (figures.OutputTokens is { } output)
        {
            (OutputTokens ??= new HistogramTally()).Observe(output);
        }

        if (figures.Cost > 0)
        {
            HasCost = true;
            Cost += (double)figures.Cost;
        }

        if (figures.FinishReason is { } finishReason)
        {
            CollectionsMarshal.GetValueRefOrAddDefault(FinishReasons, finishReason, out _)++;
        }

        if (figures.Output is { } text)
        {
            OutputsAnalysed++;
            OutputsWithUnexpectedScript += text.UnexpectedScriptShare > 0 ? 1 : 0;
        }
    }

    /// <summary>Counts what one GenAI client metric data point gained (OTLP metrics, no spans).</summary>
    public void Add(GenAiMetricKind kind, HistogramDelta delta, string? errorType, string? tokenType)
    {
        switch (kind)
        {
            case GenAiMetricKind.OperationDuration:
                var key = errorType ?? string.Empty;
                if (!DurationByErrorType.TryGetValue(key, out var duration))
                {
                    duration = new HistogramTally();
                    DurationByErrorType[key] = duration;
                }

                duration.Observe(delta);
                break;
            case GenAiMetricKind.TimeToFirstChunk:
                (TimeToFirstChunk ??= new HistogramTally()).Observe(delta);
                break;
            case GenAiMetricKind.TokenUsage when tokenType is "input" or "prompt":
                (InputTokens ??= new HistogramTally()).Observe(delta);
                break;
            case GenAiMetricKind.TokenUsage when tokenType is "output" or "completion":
                (OutputTokens ??= new HistogramTally()).Observe(delta);
                break;
            default:
                break;
        }
    }
}
