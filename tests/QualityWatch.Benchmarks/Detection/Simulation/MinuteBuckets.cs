using QualityWatch.Collector.GenAi;
using QualityWatch.Core.Telemetry;
using QualityWatch.Simulator.Engine;

namespace QualityWatch.Benchmarks.Detection.Simulation;

/// <summary>
/// One simulated minute of application traffic folded into a <see cref="SeriesBucket"/> per model, as the collector's
/// store does from spans: counts, errors by type, p50 latency and time to first token, tokens, finish reasons and the
/// collector's own content features (script histogram, unexpected scripts).
/// </summary>
internal sealed class MinuteBuckets
{
    private static readonly ContentFeatureExtractor Extractor = new(["Latin"]);
    private readonly Dictionary<string, Accumulator> _models = new(StringComparer.Ordinal);

    public void Add(string provider, SimulatedReply reply)
    {
        if (!_models.TryGetValue(reply.Model, out var a))
        {
            a = new Accumulator(provider);
            _models[reply.Model] = a;
        }

        a.Count++;
        if (reply.Error is { } error)
        {
            a.Errors++;
            var type = error.ToString();
            a.ErrorsByType[type] = a.ErrorsByType.GetValueOrDefault(type) + 1;
            return;
        }

        a.Latencies.Add(reply.Latency.TotalSeconds);
        a.TimesToFirstToken.Add(reply.TimeToFirstToken.TotalSeconds);
        a.InputTokens += reply.InputTokens;
        a.OutputTokens += reply.OutputTokens;
        var finish = reply.Truncated ? "length" : "stop";
        a.FinishReasons[finish] = a.FinishReasons.GetValueOrDefault(finish) + 1;
        var features = Extractor.Extract(reply.Text, jsonRequested: false, finish);
        foreach (var (script, count) in features.ScriptCounts)
        {
            a.Scripts[script] = a.Scripts.GetValueOrDefault(script) + count;
        }

        a.Analysed++;
        a.LengthSum += features.OutputLength;
        if (features.UnexpectedScriptShare > 0)
        {
            a.Unexpected++;
        }
    }

    /// <summary>The buckets of the minute starting at <paramref name="start"/>; the accumulator is emptied.</summary>
    public List<SeriesBucket> Drain(DateTimeOffset start)
    {
        var buckets = _models.Select(m => new SeriesBucket(
            SeriesKey.Of(m.Value.Provider, m.Key),
            start,
            m.Value.Count,
            m.Value.Errors,
            m.Value.ErrorsByType,
            Median(m.Value.Latencies),
            Quantile(m.Value.Latencies, 0.95),
            Median(m.Value.TimesToFirstToken),
            m.Value.InputTokens,
            m.Value.OutputTokens,
            0m,
            m.Value.FinishReasons,
            m.Value.Scripts,
            m.Value.Unexpected,
            m.Value.Analysed,
            m.Value.Analysed > 0 ? m.Value.LengthSum / (double)m.Value.Analysed : null,
            0,
            0)).ToList();
        _models.Clear();
        return buckets;
    }

    private static double? Median(List<double> values) => Quantile(values, 0.5);

    private static double? Quantile(List<double> values, double q)
    {
        if (values.Count == 0)
        {
            return null;
        }

        values.Sort();
        return values[(int)Math.Min(values.Count - 1, Math.Floor(q * values.Count))];
    }

    private sealed class Accumulator(string provider)
    {
        public string Provider { get; } = provider;

        public long Count { get; set; }

        public long Errors { get; set; }

        public Dictionary<string, long> ErrorsByType { get; } = new(StringComparer.Ordinal);

        public List<double> Latencies { get; } = [];

        public List<double> TimesToFirstToken { get; } = [];

        public long InputTokens { get; set; }

        public long OutputTokens { get; set; }

        public Dictionary<string, long> FinishReasons { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, long> Scripts { get; } = new(StringComparer.Ordinal);

        public long Analysed { get; set; }

        public long Unexpected { get; set; }

        public long LengthSum { get; set; }
    }
}
