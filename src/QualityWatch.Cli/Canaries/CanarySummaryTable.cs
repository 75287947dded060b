using System.Globalization;
using QualityWatch.Canaries.Running;
using Spectre.Console;

namespace QualityWatch.Cli.Canaries;

/// <summary>The provider × suite summary as a Spectre table.</summary>
internal static class CanarySummaryTable
{
    public static Table Build(IReadOnlyList<CanarySummaryRow> rows)
    {
        var table = new Table().Title("Canary summary");
        foreach (var header in new[] { "provider", "model", "suite", "calls", "pass rate", "95% CI", "unavailable", "p50", "p95", "tokens in/out", "cost $" })
        {
            table.AddColumn(header);
        }

        foreach (var row in rows)
        {
            table.AddRow(
                Markup.Escape(row.Provider),
                Markup.Escape(row.Model),
                Markup.Escape(row.Suite),
                Int(row.Calls),
                row.PassRate is { } rate ? Percent(rate) : "n/a",
                $"{Percent(row.PassRateLow)}–{Percent(row.PassRateHigh)}",
                Int(row.Unavailable),
                Millis(row.LatencyP50),
                Millis(row.LatencyP95),
                $"{Int(row.InputTokens)}/{Int(row.OutputTokens)}",
                row.Cost.ToString("0.######", CultureInfo.InvariantCulture));
        }

        return table;
    }

    private static string Int(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Percent(double value) => (value * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    private static string Millis(TimeSpan? value) => value is { } v ? v.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture) + " ms" : "n/a";
}
