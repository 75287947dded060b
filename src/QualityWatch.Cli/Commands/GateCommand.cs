using System.CommandLine;
using QualityWatch.Cli.Gate;

namespace QualityWatch.Cli.Commands;

/// <summary>`qualitywatch gate`.</summary>
internal static class GateCommand
{
    public static Command Create(CliConsole console)
    {
        var config = CommonOptions.Config(required: true);
        var candidate = new Option<string>("--candidate") { Description = "Configured provider to judge (the release candidate).", Required = true };
        var baseline = new Option<string?>("--baseline") { Description = "Configured provider to compare against, run live on the same cases." };
        var baselineReport = new Option<FileInfo?>("--baseline-report") { Description = "A JSON report of an earlier gate run whose candidate results are the baseline." };
        var suites = new Option<string[]>("--suite", "-s") { Description = "Suite file or directory (repeatable); default: the 'canaries' directory next to the config." };
        var maxDrop = new Option<double?>("--max-drop") { Description = "Smallest pass-rate drop the gate must catch, as a fraction (default 0.02)." };
        var minPassRate = new Option<double?>("--min-pass-rate") { Description = "The candidate's pass rate must not be significantly below this (default 0.9)." };
        var alpha = new Option<double?>("--alpha") { Description = "One-sided significance level, split across suites (default 0.05)." };
        var maxCalls = new Option<int?>("--max-calls") { Description = "Provider-call budget, candidate plus live baseline (default: 3 rounds of every case)." };
        var allowInconclusive = new Option<bool>("--allow-inconclusive") { Description = "Exit 0 when there is not enough evidence either way." };
        var junit = new Option<FileInfo?>("--junit") { Description = "Write JUnit XML (one testcase per case per suite) to this file." };
        var markdown = new Option<FileInfo?>("--markdown") { Description = "Write a Markdown summary (CI job summary / PR comment) to this file." };
        var report = new Option<FileInfo?>("--report") { Description = "Write the JSON report (usable as the next --baseline-report) to this file." };
        var command = new Command("gate", "Block a release when canary scores regress (exit 0 pass, 1 fail, 2 usage, 3 provider unavailable).")
        {
            config, candidate, baseline, baselineReport, suites, maxDrop, minPassRate, alpha, maxCalls, allowInconclusive, junit, markdown, report,
        };
        command.SetAction((parseResult, cancellationToken) => GateVerb.RunAsync(
            console,
            new GateRequest(
                parseResult.GetValue(config),
                parseResult.GetValue(candidate)!,
                parseResult.GetValue(baseline),
                parseResult.GetValue(baselineReport),
                parseResult.GetValue(suites) ?? [],
                parseResult.GetValue(maxDrop),
                parseResult.GetValue(minPassRate),
                parseResult.GetValue(alpha),
                parseResult.GetValue(maxCalls),
                parseResult.GetValue(allowInconclusive),
                parseResult.GetValue(junit),
                parseResult.GetValue(markdown),
                parseResult.GetValue(report)),
            cancellationToken));
        return command;
    }
}
