using System.Globalization;
using System.Text;

namespace QualityWatch.TestSupport.Metrics;

/// <summary>
/// A Prometheus text exposition read into samples, so tests ask for a value by metric name and the labels they care
/// about, whatever order the exporter writes labels in and whatever labels it adds (<c>otel_scope_name</c>, …).
/// </summary>
public sealed class PrometheusExposition
{
    private PrometheusExposition(string text, IReadOnlyList<PrometheusSample> samples)
    {
        Text = text;
        Samples = samples;
    }

    public string Text { get; }

    public IReadOnlyList<PrometheusSample> Samples { get; }

    public static PrometheusExposition Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var samples = new List<PrometheusSample>();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            samples.Add(ParseSample(line));
        }

        return new PrometheusExposition(text, samples);
    }

    /// <summary>The samples of <paramref name="name"/> whose labels include every one of <paramref name="labels"/>.</summary>
    public IEnumerable<PrometheusSample> Matching(string name, params (string Name, string Value)[] labels) =>
        Samples.Where(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Name, out var value) ? value == l.Value : l.Value.Length == 0));

    /// <summary>The one sample's value; fails naming what was there when none or several match.</summary>
    public double Value(string name, params (string Name, string Value)[] labels)
    {
        var matches = Matching(name, labels).ToList();
        return matches.Count == 1
            ? matches[0].Value
            : throw new InvalidOperationException($"{matches.Count} samples of {name}{{{string.Join(',', labels.Select(l => $"{l.Name}=\"{l.Value}\""))}}}; the exposition has:\n{string.Join('\n', Samples.Where(s => s.Name == name).Select(s => s.ToString()))}");
    }

    /// <summary>Whether the exposition declares a family of this name and type (<c># TYPE name type</c>).</summary>
    public bool Declares(string name, string type) =>
        Text.Split('\n').Any(l => l.TrimEnd('\r') == $"# TYPE {name} {type}");

    private static PrometheusSample ParseSample(string line)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        var brace = line.IndexOf('{', StringComparison.Ordinal);
        var space = line.IndexOf(' ', StringComparison.Ordinal);
        string name;
        int rest;
        if (brace >= 0 && brace < space)
        {
            name = line[..brace];
            var i = brace + 1;
            while (line[i] != '}')
            {
                var equals = line.IndexOf('=', i);
                var label = line[i..equals].Trim(',', ' ');
                var value = new StringBuilder();
                var j = equals + 2;
                for (; line[j] != '"'; j++)
                {
                    if (line[j] == '\\')
                    {
                        j++;
                        value.Append(line[j] == 'n' ? '\n' : line[j]);
                    }
                    else
                    {
                        value.Append(line[j]);
                    }
                }

                labels[label] = value.ToString();
                i = j + 1;
                if (line[i] == ',')
                {
                    i++;
                }
            }

            rest = i + 1;
        }
        else
        {
            name = line[..space];
            rest = space;
        }

        var fields = line[rest..].Trim().Split(' ');
        var number = fields[0] switch
        {
            "+Inf" => double.PositiveInfinity,
            "-Inf" => double.NegativeInfinity,
            "NaN" => double.NaN,
            var text => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
        };
        return new PrometheusSample(name, labels, number);
    }
}
