using System.Globalization;
using System.Text;

namespace QualityWatch.Cli.Bench;

/// <summary>
/// Several rounds of <c>bench ingest</c>: each round's table, then the median ratio and its range, so one lucky or
/// unlucky round does not make the figure.
/// </summary>
internal sealed record IngestBenchmarkRounds(IReadOnlyList<IngestBenchmarkReport> Reports)
{
    public double MedianRatio => Median(Reports.Select(r => r.Ratio));

    /// <summary>The median of <paramref name="values"/>: the middle one, or the mean of the middle two.</summary>
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return 0;
        }

        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    public string ToText()
    {
        if (Reports.Count == 1)
        {
            return Reports[0].ToText();
        }

        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        for (var i = 0; i < Reports.Count; i++)
        {
            text.AppendLine(c, $"round {i + 1} of {Reports.Count}");
            text.AppendLine(Reports[i].ToText());
        }

        var ratios = Reports.Select(r => r.Ratio).ToArray();
        text.Append(c, $"ratio collector/null over {Reports.Count} rounds: median {MedianRatio:F2}, range {ratios.Min():F2}–{ratios.Max():F2}; ");
        text.Append(c, $"collector cpu ms/req median {Median(Reports.Select(r => r.Collector.CpuMillisecondsPerRequest)):F2}, null {Median(Reports.Select(r => r.Null.CpuMillisecondsPerRequest)):F2}");
        return text.ToString();
    }
}
