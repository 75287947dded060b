using System.Globalization;
using System.Text;
using QualityWatch.Core.Text;
using QualityWatch.Gate.Running;

namespace QualityWatch.Gate.Reports;

/// <summary>
/// The Markdown summary for a CI job summary or PR comment: the verdict, per-suite rates with 95% Wilson
/// intervals, the tests behind the verdict, the power disclosure, and the regressed cases with answer diffs.
/// </summary>
internal static class MarkdownReportWriter
{
    private const int MaxRegressedCasesShown = 20;

    public static string Render(GateRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (run.Decision is null || run.Overall is null)
        {
            throw new InvalidOperationException("an unavailable run has no Markdown report");
        }

        var md = new StringBuilder();
        var verdict = VerdictText.Of(run.Decision.Verdict);
        var blocks = VerdictText.Blocks(run.Decision.Verdict, run.Options.AllowInconclusive);
        Line(md, $"## QualityWatch release gate: {Icon(verdict)} {verdict}");
        Line(md);
        Line(md, $"Candidate `{run.Candidate}` vs baseline `{run.Baseline}` — {Escape(run.Decision.Reason)}.");
        if (run.Decision.Verdict == Verdicts.GateVerdict.Inconclusive)
        {
            Line(md, blocks ? "Inconclusive counts as a failure (pass `--allow-inconclusive` to let it through)." : "Inconclusive is allowed for this run (`--allow-inconclusive`).");
        }

        Line(md);
        Line(md, "| Suite | Verdict | Candidate pass rate (95% CI) | Baseline pass rate (95% CI) | Drop | Regressed / improved | McNemar p | Pairs | Smallest detectable drop |");
        Line(md, "|---|---|---|---|---|---|---|---|---|");
        foreach (var suite in run.Suites.Append(run.Overall))
        {
            var report = GateReportBuilder.Suite(suite, run.Options.MaxDrop);
            var name = suite == run.Overall ? "**overall**" : Escape(suite.Name);
            var mde = suite.MinimumDetectableDrop is { } d ? Invariant($"±{d * 100:0.0}% at n={suite.PlannedPairs}") : Invariant($"none at n={suite.PlannedPairs}");
            Line(md, Invariant($"| {name} | {Icon(report.Verdict)} {report.Verdict} | {Rate(report.CandidatePassRate)} | {Rate(report.BaselinePassRate)} | {report.Drop * 100:+0.0;-0.0;0.0} pt | {report.Regressions} / {report.Improvements} | {Verdicts.GateVerdictRules.FormatP(report.McNemarPValue)} | {report.Pairs} | {mde} |"));
        }

        Line(md);
        Line(md, Invariant($"Budget: {run.CallsUsed} of {run.MaxCalls} provider calls. Settings: max drop {run.Options.MaxDrop * 100:0.0}%, pass-rate floor {run.Options.MinPassRate * 100:0.0}%, α={run.Options.Alpha}, β={run.Options.Beta} (α split over {run.Suites.Count} suite(s))."));
        Line(md);
        Line(md, $"**Power:** {PowerDisclosure.Describe(run.Overall, run.Options.MaxDrop)} overall. Per suite:");
        foreach (var suite in run.Suites)
        {
            Line(md, $"- `{suite.Name}`: {PowerDisclosure.Describe(suite, run.Options.MaxDrop)}; {Escape(suite.Decision.Reason)}");
        }

        Line(md);
        var regressed = run.SuitesRun.SelectMany(s => CaseSummary.For(run, s)).Where(c => c.IsRegressed).ToList();
        if (regressed.Count == 0)
        {
            Line(md, "No case regressed.");
        }
        else
        {
            Line(md, $"### Regressed cases ({regressed.Count})");
            Line(md);
            foreach (var summary in regressed.Take(MaxRegressedCasesShown))
            {
                var pair = summary.FirstRegression!;
                Line(md, $"<details><summary><code>{Html(summary.Case.Suite)}/{Html(summary.Case.CaseId)}</code> ({Html(summary.Case.Category)}): failed in {summary.Regressions} repeat(s) the baseline passed</summary>");
                Line(md);
                Line(md, $"Expected: {Escape(pair.Candidate.Expected)}");
                if (pair.Candidate.FailureReasons.Count > 0)
                {
                    Line(md, $"Failed assertions: {Escape(string.Join("; ", pair.Candidate.FailureReasons))}");
                }

                Line(md);
                Line(md, "```diff");
                Line(md, "--- baseline answer");
                Line(md, "+++ candidate answer");
                // Answers can be long; the diff is for a PR comment, so long lines and long diffs are cut to keep it readable.
                foreach (var line in LineDiff.Compute(pair.Baseline.Actual, pair.Candidate.Actual, maxLineLength: 300, maxLines: 40))
                {
                    Line(md, line.Replace("```", "'''", StringComparison.Ordinal));
                }

                Line(md, "```");
                Line(md);
                Line(md, "</details>");
                Line(md);
            }

            if (regressed.Count > MaxRegressedCasesShown)
            {
                Line(md, $"… and {regressed.Count - MaxRegressedCasesShown} more regressed cases (see the JSON report).");
            }
        }

        if (run.MissingFromBaseline.Count > 0)
        {
            Line(md);
            Line(md, $"{run.MissingFromBaseline.Count} case(s) were not in the baseline report and were not compared.");
        }

        return md.ToString();
    }

    private static string Rate(GateReportRate rate) =>
        rate.Total == 0 ? "—" : Invariant($"{rate.Rate * 100:0.0}% ({rate.Low * 100:0.0}–{rate.High * 100:0.0}%)");

    private static string Icon(string verdict) => verdict switch
    {
        "PASS" => "✅",
        "FAIL" => "❌",
        _ => "⚠️",
    };

    private static string Escape(string text) => text.ReplaceLineEndings(" ").Replace("|", "\\|", StringComparison.Ordinal);

    private static string Html(string text) => System.Net.WebUtility.HtmlEncode(text);

    private static void Line(StringBuilder md, string text = "") => md.Append(text).Append('\n');

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
