using Spectre.Console;

namespace QualityWatch.Cli.Demo;

/// <summary>Prints the demo's summary: each injected fault, whether and when it was detected, by how many incidents and
/// whether they stayed open while it ran, the open incidents at the end, and false alarms.</summary>
internal static class DemoReport
{
    public static async Task WriteAsync(CliConsole console, DemoPlan plan, DemoOutcome outcome, TimeSpan wall, int rounds, long boostedRuns, long deferredRuns, long heldRuns, IReadOnlyList<DemoSpend> spend)
    {
        var ansi = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(console.Out),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });

        // Wide enough that no cell wraps: the summary is read in CI logs and piped output as often as in a terminal.
        ansi.Profile.Width = 160;
        await console.Out.WriteLineAsync();
        await console.Out.WriteLineAsync($"Summary: {plan.Length.TotalHours:0} simulated hours, {rounds} canary rounds and {boostedRuns:N0} adaptive extra suite runs (providers under rising evidence), paid for by {deferredRuns:N0} deferred scheduled suite runs ({heldRuns:N0} extra runs held until they could be), {wall.TotalSeconds:0} s of wall time.");
        var table = new Table().AddColumns("Injected fault", "Provider / model", "Starts", "Detected", "Delay", "By", "Incidents", "At the end");
        foreach (var verdict in outcome.Verdicts)
        {
            table.AddRow(
                Markup.Escape(verdict.Fault.Scenario),
                Markup.Escape($"{verdict.Fault.Provider} / {verdict.Fault.Model}"),
                "+" + DemoRunner.Format(verdict.Fault.Start),
                verdict.Detected ? "yes" : "NO",
                verdict.Delay is { } delay ? DemoRunner.Format(delay) : "-",
                Markup.Escape(verdict.IncidentKind ?? "-"),
                verdict.Incidents.ToString(System.Globalization.CultureInfo.InvariantCulture),
                !verdict.Detected ? "-" : verdict.OpenAtEnd ? "open" : "resolved");
        }

        table.AddRow("healthy control", Markup.Escape(plan.HealthyModel), "-", outcome.HealthyModelIncidents.Count == 0 ? "no alarm (correct)" : $"{outcome.HealthyModelIncidents.Count} FALSE ALARM(S)", "-", "-", outcome.HealthyModelIncidents.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), "-");
        ansi.Write(table);
        var c = System.Globalization.CultureInfo.InvariantCulture;
        var costs = new Table().AddColumns("Canary spend", "Calls", "Calls per day", "Scheduled per day", "Cost", "Faults detected", "Detections per $");
        foreach (var s in spend)
        {
            costs.AddRow(
                Markup.Escape(s.Provider),
                s.Calls.ToString("N0", c),
                s.CallsPerDay.ToString("N0", c),
                s.ScheduledCallsPerDay.ToString("N0", c),
                "$" + s.Cost.ToString("0.0000", c),
                s.Detections.ToString(c),
                s.DetectionsPerDollar is { } perDollar ? perDollar.ToString("0.0000", c) : "-");
        }

        costs.AddRow(
            "all providers",
            spend.Sum(s => s.Calls).ToString("N0", c),
            spend.Sum(s => s.CallsPerDay).ToString("N0", c),
            spend.Sum(s => s.ScheduledCallsPerDay).ToString("N0", c),
            "$" + spend.Sum(s => s.Cost).ToString("0.0000", c),
            spend.Sum(s => s.Detections).ToString(c),
            spend.Sum(s => s.Cost) > 0 ? (spend.Sum(s => s.Detections) / (double)spend.Sum(s => s.Cost)).ToString("0.0000", c) : "-");
        ansi.Write(costs);
        var over = spend.Where(s => !s.WithinSchedule).Select(s => s.Provider).ToList();
        await console.Out.WriteLineAsync(over.Count == 0
            ? "Canary calls per day within the schedule on every provider, adaptive bursts included."
            : $"Canary calls per day ABOVE the schedule on {string.Join(", ", over)}.");
        await console.Out.WriteLineAsync($"Open incidents at the end: {outcome.OpenIncidents}.");
        foreach (var incident in outcome.HealthyModelIncidents)
        {
            await console.Out.WriteLineAsync($"  false alarm on the healthy model: {incident.Kind} ({incident.Id}) — {incident.Summary}");
        }

        foreach (var incident in outcome.UnattributedIncidents)
        {
            await console.Out.WriteLineAsync($"  other incident (not matched to an injected fault): {incident.Kind} on {incident.Provider}/{incident.Model} ({incident.Id}) — {incident.Summary}");
        }

        var failures = outcome.Verdicts.SelectMany(Failures)
            .Concat(outcome.HealthyModelIncidents.Count > 0 ? [$"{outcome.HealthyModelIncidents.Count} false alarm(s) on the healthy provider"] : [])
            .ToList();
        await console.Out.WriteLineAsync(outcome.Passed
            ? "RESULT: every injected fault was detected by exactly one incident that stayed open while the fault ran, and the healthy provider raised no alarm."
            : "RESULT: FAILED — " + string.Join("; ", failures));
    }

    private static IEnumerable<string> Failures(DemoVerdict verdict)
    {
        if (!verdict.Detected)
        {
            yield return $"{verdict.Fault.Scenario} not detected";
            yield break;
        }

        if (verdict.Incidents > 1)
        {
            yield return $"{verdict.Fault.Scenario} raised {verdict.Incidents} incidents (one expected)";
        }

        foreach (var incident in verdict.ClosedWhileActive)
        {
            yield return $"{verdict.Fault.Scenario}: incident {incident.Id} closed at {incident.ResolvedAt:yyyy-MM-dd HH:mm} UTC while the fault was still active";
        }
    }
}
