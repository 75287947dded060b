using System.Collections.Concurrent;
using System.Text;

namespace QualityWatch.Collector.Metrics;

/// <summary>A Prometheus counter (or gauge) with one value per label-value combination.</summary>
internal sealed class CounterFamily(string name, string help, IReadOnlyList<string> labelNames, string type = "counter")
{
    private readonly ConcurrentDictionary<string[], Cell> _cells = new(LabelValuesComparer.Instance);

    public void Add(string[] labelValues, double value)
    {
        var cell = _cells.GetOrAdd(labelValues, _ => new Cell(labelValues));
        lock (cell)
        {
            cell.Value += value;
        }
    }

    public void Set(string[] labelValues, double value)
    {
        var cell = _cells.GetOrAdd(labelValues, _ => new Cell(labelValues));
        lock (cell)
        {
            cell.Value = value;
        }
    }

    public double Get(params string[] labelValues) =>
        _cells.TryGetValue(labelValues, out var cell) ? cell.Value : 0;

    public void Write(StringBuilder output)
    {
        PrometheusText.Header(output, name, type, help);
        foreach (var cell in _cells.Values.OrderBy(c => string.Join('\u001f', c.LabelValues), StringComparer.Ordinal))
        {
            PrometheusText.Sample(output, name, labelNames, cell.LabelValues, cell.Value);
        }
    }

    private sealed class Cell(string[] labelValues)
    {
        public string[] LabelValues { get; } = labelValues;

        public double Value { get; set; }
    }
}
