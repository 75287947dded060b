using Spectre.Console;

namespace QualityWatch.Cli.Demo;

/// <summary>Prints the demo's summary: each injected fault, whether and when it was detected, and false alarms.</summary>
internal static class DemoReport
{
    public static async Task WriteAsync(CliConsole console, DemoPlan plan, DemoOutcome outcome, TimeSpan wall, int rounds)
    {
        var ansi = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(console.Out),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        await console.Out.WriteLineAsync();
        await console.Out.WriteLineAsync($"Summary: {plan.Length.TotalHours:0} simulated hours, {rounds} canary rounds, {wall.TotalSeconds:0} s of wall time.");
        var table = new Table().AddColumns("Injected fault", "Provider / model", "Starts", "Detected", "Delay", "By");
        foreach (var verdict in outcome.Verdicts)
        {
            table.AddRow(
                Markup.Escape(verdict.Fault.Scenario),
                Markup.Escape($"{verdict.Fault.Provider} / {verdict.Fault.Model}"),
                "+" + DemoRunner.Format(verdict.Fault.Start),
                verdict.Detected ? "yes" : "NO",
                verdict.Delay is { } delay ? DemoRunner.Format(delay) : "-",
                Markup.Escape(verdict.AlertKind ?? "-"));
        }

        table.AddRow("healthy control", Markup.Escape(plan.HealthyModel), "-", outcome.HealthyModelAlerts.Count == 0 ? "no alarm (correct)" : $"{outcome.HealthyModelAlerts.Count} FALSE ALARM(S)", "-", "-");
        ansi.Write(table);
        foreach (var alert in outcome.HealthyModelAlerts)
        {
            await console.Out.WriteLineAsync($"  false alarm on the healthy model: {alert.Kind} — {alert.Summary}");
        }

        foreach (var alert in outcome.UnattributedAlerts)
        {
            await console.Out.WriteLineAsync($"  other alert (not matched to an injected fault): {alert.Kind} on {alert.Provider}/{alert.Model} — {alert.Summary}");
        }

        await console.Out.WriteLineAsync(outcome.Passed
            ? "RESULT: every injected fault was detected and the healthy provider raised no alarm."
            : "RESULT: FAILED — " + string.Join("; ", outcome.Verdicts.Where(v => !v.Detected).Select(v => $"{v.Fault.Scenario} not detected")
                .Concat(outcome.HealthyModelAlerts.Count > 0 ? [$"{outcome.HealthyModelAlerts.Count} false alarm(s) on the healthy provider"] : [])));
    }
}
