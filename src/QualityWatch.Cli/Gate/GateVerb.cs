using Microsoft.Extensions.Configuration;
using QualityWatch.Cli.Commands;
using QualityWatch.Gate.Reports;
using QualityWatch.Gate.Running;
using QualityWatch.Gate.Verdicts;
using Spectre.Console;

namespace QualityWatch.Cli.Gate;

/// <summary>
/// `qualitywatch gate`: checks every input before spending a call, runs the sequential comparison, writes the
/// console table and the requested reports, and maps the verdict to the exit code. An unreachable provider is
/// exit 3 and never a quality verdict (no reports are written for it).
/// </summary>
internal static class GateVerb
{
    public static async Task<int> RunAsync(CliConsole console, GateRequest request, CancellationToken cancellationToken)
    {
        if ((request.Baseline is null) == (request.BaselineReport is null))
        {
            throw CliException.Usage(request.Baseline is null
                ? "give the baseline: --baseline PROVIDER or --baseline-report FILE"
                : "give either --baseline or --baseline-report, not both");
        }

        RequireDirectory(request.JUnit, "--junit");
        RequireDirectory(request.Markdown, "--markdown");
        RequireDirectory(request.Report, "--report");
        var configuration = CommonOptions.LoadConfiguration(request.Config);
        var options = ResolveOptions(configuration, request);

        GateReport? stored = null;
        if (request.BaselineReport is { } reportFile)
        {
            try
            {
                stored = await GateReportJson.ReadAsync(reportFile.FullName, cancellationToken);
            }
            catch (Exception ex) when (ex is InvalidDataException or FileNotFoundException or IOException or UnauthorizedAccessException)
            {
                throw CliException.Usage(CliApplication.OneLine(ex.Message));
            }
        }

        using var backend = GateBackend.Create(configuration, request);
        IBaselineSource baseline = stored is null
            ? new LiveBaselineSource(backend.Runner, request.Baseline!)
            : new StoredBaselineSource(stored, request.BaselineReport!.Name);
        var run = await new GateRunner(backend.Runner, baseline, options).RunAsync(request.Candidate, backend.Suites, cancellationToken);
        if (run.IsUnavailable)
        {
            throw CliException.Unavailable(run.UnavailableReason!);
        }

        var now = DateTimeOffset.UtcNow;
        var ansi = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(console.Out) });
        if (!ReferenceEquals(console.Out, Console.Out) || Console.IsOutputRedirected)
        {
            // CI logs and files have no terminal width; 80 columns would fold the table into unreadable cells.
            ansi.Profile.Width = 160;
        }

        GateConsoleTable.Write(ansi, run);
        if (request.JUnit is { } junit)
        {
            await JUnitReportWriter.WriteAsync(run, now, junit.FullName, cancellationToken);
        }

        if (request.Markdown is { } markdown)
        {
            await File.WriteAllTextAsync(markdown.FullName, MarkdownReportWriter.Render(run), cancellationToken);
        }

        if (request.Report is { } report)
        {
            await GateReportJson.WriteAsync(GateReportBuilder.Build(run, now), report.FullName, cancellationToken);
        }

        return run.Decision!.Verdict switch
        {
            GateVerdict.Fail => ExitCodes.CheckFailed,
            GateVerdict.Inconclusive when !options.AllowInconclusive => ExitCodes.Inconclusive,
            _ => ExitCodes.Success,
        };
    }

    /// <summary>The <c>Gate</c> section of the configuration, with the command-line flags on top, validated.</summary>
    internal static GateOptions ResolveOptions(IConfiguration configuration, GateRequest request)
    {
        GateOptions options;
        try
        {
            options = configuration.GetSection(GateOptions.SectionName).Get<GateOptions>() ?? new GateOptions();
        }
        catch (InvalidOperationException ex)
        {
            throw CliException.Usage($"gate section of the configuration: {CliApplication.OneLine(ex.Message)}");
        }

        options.MaxDrop = request.MaxDrop ?? options.MaxDrop;
        options.MinPassRate = request.MinPassRate ?? options.MinPassRate;
        options.Alpha = request.Alpha ?? options.Alpha;
        options.MaxCalls = request.MaxCalls ?? options.MaxCalls;
        options.AllowInconclusive = request.AllowInconclusive || options.AllowInconclusive;
        try
        {
            options.Validate();
        }
        catch (ArgumentOutOfRangeException ex)
        {
            throw CliException.Usage($"--{ex.Message.Split(" (Parameter", StringSplitOptions.None)[0]}");
        }

        return options;
    }

    private static void RequireDirectory(FileInfo? file, string option)
    {
        if (file?.Directory is { Exists: false } directory)
        {
            throw CliException.Usage($"{option}: directory '{directory.FullName}' does not exist");
        }
    }
}
