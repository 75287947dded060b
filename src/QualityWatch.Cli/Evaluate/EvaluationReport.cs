using System.Globalization;
using System.Text;

namespace QualityWatch.Cli.Evaluate;

/// <summary>The result of <see cref="DatasetEvaluation"/>: totals per domain and overall (micro), and the refused files.</summary>
internal sealed record EvaluationReport(string Detector, IReadOnlyDictionary<string, EvaluationTotals> Domains, EvaluationTotals Overall, IReadOnlyList<RefusedFile> Refused)
{
    private static readonly string[] Headers = ["domain", "files", "refused", "rows", "caught/events", "false alarms/1k rows", "precision", "recall", "F1", "mean delay (rows)"];

    public static string Definitions { get; } =
        $"An event is a run of consecutive labelled rows, caught when a row in it or up to {EventScoring.CatchWindowRows} rows after it is flagged " +
        "(anomaly or change point); delay = first such flag - event start. Flags outside every event's span form runs " +
        $"(flags at most {EventScoring.FalseAlarmJoinRows} rows apart join); each run is one false alarm. " +
        "Precision = caught / (caught + false alarms), recall = caught / events, F1 = their harmonic mean; totals are summed over files.";

    public string ToText()
    {
        var table = TableRows();
        int[] widths = [.. Enumerable.Range(0, Headers.Length).Select(c => table.Max(r => r[c].Length))];
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"detector {Detector}: {Overall.Files} files scored, {Overall.Refused} refused\n\n");
        foreach (var row in table)
        {
            text.AppendJoin("  ", row.Select((cell, c) => c == 0 ? cell.PadRight(widths[c]) : cell.PadLeft(widths[c]))).Append('\n');
        }

        text.Append('\n').Append(Definitions).Append('\n');
        AppendRefusals(text, "  ");
        return text.ToString();
    }

    public string ToMarkdown()
    {
        var table = TableRows();
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Detector `{Detector}`: {Overall.Files} files scored, {Overall.Refused} refused.\n\n");
        text.Append("| ").AppendJoin(" | ", table[0]).Append(" |\n");
        text.Append("|---").Append(string.Concat(Enumerable.Repeat("|--:", Headers.Length - 1))).Append("|\n");
        foreach (var row in table.Skip(1))
        {
            text.Append("| ").AppendJoin(" | ", row.Select((cell, c) => c == 0 && row == table[^1] ? $"**{cell}**" : cell)).Append(" |\n");
        }

        text.Append('\n').Append(Definitions).Append('\n');
        AppendRefusals(text, "- ");
        return text.ToString();
    }

    private void AppendRefusals(StringBuilder text, string bullet)
    {
        if (Refused.Count == 0)
        {
            return;
        }

        text.Append('\n').Append(CultureInfo.InvariantCulture, $"refused ({Refused.Count}):\n");
        foreach (var refusal in Refused)
        {
            text.Append(bullet).Append(refusal.File.DisplayName).Append(": ").Append(refusal.Reason).Append('\n');
        }
    }

    private List<string[]> TableRows()
    {
        var rows = new List<string[]> { Headers };
        rows.AddRange(Domains.Select(d => Cells(d.Key, d.Value)));
        rows.Add(Cells("overall", Overall));
        return rows;
    }

    private static string[] Cells(string name, EvaluationTotals t) =>
    [
        name,
        t.Files.ToString(CultureInfo.InvariantCulture),
        t.Refused.ToString(CultureInfo.InvariantCulture),
        t.Rows.ToString("N0", CultureInfo.InvariantCulture),
        string.Create(CultureInfo.InvariantCulture, $"{t.Caught}/{t.Events}"),
        Figure(t.FalseAlarmsPer1000Rows, "0.00"),
        Figure(t.Precision, "0.00"),
        Figure(t.Recall, "0.00"),
        Figure(t.F1, "0.00"),
        Figure(t.MeanDelayRows, "0.0"),
    ];

    private static string Figure(double? value, string format) => value is { } v ? v.ToString(format, CultureInfo.InvariantCulture) : "n/a";
}
