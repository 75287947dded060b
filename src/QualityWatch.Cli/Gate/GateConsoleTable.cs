using System.Globalization;
using QualityWatch.Gate.Reports;
using QualityWatch.Gate.Running;
using QualityWatch.Gate.Verdicts;
using Spectre.Console;

namespace QualityWatch.Cli.Gate;

/// <summary>The console summary: one row per suite plus the pooled row, then the verdict and the power disclosure.</summary>
internal static class GateConsoleTable
{
    public static void Write(IAnsiConsole console, GateRun run)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(run);
        var table = new Table().Title($"release gate: {Markup.Escape(run.Candidate)} vs {Markup.Escape(run.Baseline)}");
        table.AddColumns("suite", "verdict", "candidate (95% CI)", "baseline (95% CI)", "drop", "regr/impr", "McNemar p", "pairs", "detectable drop");
        foreach (var suite in run.Suites.Append(run.Overall!))
        {
            var report = GateReportBuilder.Suite(suite, run.Options.MaxDrop);
            table.AddRow(
                Markup.Escape(suite.Name),
                Colour(report.Verdict),
                Rate(report.CandidatePassRate),
                Rate(report.BaselinePassRate),
                Invariant($"{report.Drop * 100:+0.0;-0.0;0.0} pt"),
                Invariant($"{report.Regressions}/{report.Improvements}"),
                GateVerdictRules.FormatP(report.McNemarPValue),
                Invariant($"{report.Pairs}"),
                suite.MinimumDetectableDrop is { } d ? Invariant($"±{d * 100:0.0}% at n={suite.PlannedPairs}") : Invariant($"none at n={suite.PlannedPairs}"));
        }

        console.Write(table);
        var verdict = VerdictText.Of(run.Decision!.Verdict);
        console.MarkupLine($"{Colour(verdict)}: {Markup.Escape(run.Decision.Reason)}");
        console.MarkupLine(Markup.Escape(Invariant($"power: {PowerDisclosure.Describe(run.Overall!, run.Options.MaxDrop)}; {run.CallsUsed} of {run.MaxCalls} calls used")));
    }

    private static string Rate(GateReportRate rate) =>
        rate.Total == 0 ? "-" : Invariant($"{rate.Rate * 100:0.0}% ({rate.Low * 100:0.0}-{rate.High * 100:0.0}%)");

    private static string Colour(string verdict) => verdict switch
    {
        "PASS" => "[green]PASS[/]",
        "FAIL" => "[red]FAIL[/]",
        _ => "[yellow]INCONCLUSIVE[/]",
    };

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
