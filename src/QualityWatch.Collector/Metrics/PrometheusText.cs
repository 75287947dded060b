using System.Globalization;
using System.Text;

namespace QualityWatch.Collector.Metrics;

/// <summary>Pieces of the Prometheus text exposition format 0.0.4 (https://prometheus.io/docs/instrumenting/exposition_formats/).</summary>
internal static class PrometheusText
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static void Header(StringBuilder output, string name, string type, string help) =>
        output.Append("# HELP ").Append(name).Append(' ').Append(EscapeHelp(help)).Append('\n')
              .Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');

    public static void Sample(StringBuilder output, string name, IReadOnlyList<string> labelNames, IReadOnlyList<string> labelValues, double value, string? extraName = null, string? extraValue = null)
    {
        output.Append(name);
        if (labelNames.Count > 0 || extraName is not null)
        {
            output.Append('{');
            var first = true;
            for (var i = 0; i < labelNames.Count; i++)
            {
                Label(output, labelNames[i], labelValues[i], ref first);
            }

            if (extraName is not null)
            {
                Label(output, extraName, extraValue!, ref first);
            }

            output.Append('}');
        }

        output.Append(' ').Append(Number(value)).Append('\n');
    }

    public static string Number(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        double.NaN => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    /// <summary>A valid label name from a configured one: <c>[a-zA-Z_][a-zA-Z0-9_]*</c>.</summary>
    public static string LabelName(string name)
    {
        var builder = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) || c == '_' ? c : '_');
        }

        if (builder.Length == 0 || char.IsAsciiDigit(builder[0]))
        {
            builder.Insert(0, '_');
        }

        return builder.ToString();
    }

    private static void Label(StringBuilder output, string name, string value, ref bool first)
    {
        if (!first)
        {
            output.Append(',');
        }

        first = false;
        output.Append(name).Append("=\"");
        foreach (var c in value)
        {
            switch (c)
            {
                case '\\': output.Append("\\\\"); break;
                case '"': output.Append("\\\""); break;
                case '\n': output.Append("\\n"); break;
                default: output.Append(c); break;
            }
        }

        output.Append('"');
    }

    private static string EscapeHelp(string help) => help.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
