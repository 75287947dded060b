using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using QualityWatch.Cli.Detect;
using QualityWatch.Cli.Evaluate;

namespace QualityWatch.Cli.Commands;

/// <summary>`qualitywatch evaluate --dataset DIR [--detector …] [--markdown FILE]`.</summary>
internal static class EvaluateCommand
{
    public static Command Create(CliConsole console)
    {
        var dataset = new Option<DirectoryInfo>("--dataset")
        {
            Description = "Folder of labelled CSVs (timestamp,value,label; label 1 = anomaly), one sub-folder per domain, " +
                "for example the Cloud Monitoring Dataset's data/ folder; other files (*-metadata.json) are ignored. " + EvaluationReport.Definitions +
                " A file that cannot be read is listed as refused with its reason and the others are still scored (exit 0).",
            Required = true,
        };
        var detector = new Option<string>("--detector", "-d")
        {
            Description = "auto | sr | sr-batch | iid-spike | iid-changepoint | ssa-spike | ssa-changepoint | cusum | level-drift",
            DefaultValueFactory = _ => "auto",
        };
        detector.AcceptOnlyFromAmong(SeriesDetection.Detectors);
        var markdown = new Option<FileInfo?>("--markdown") { Description = "Also write the table as Markdown to this file." };

        var command = new Command(
            "evaluate",
            "Score a detector on a labelled dataset: per domain and overall, events caught, false alarms per 1,000 rows, " +
            "event precision, recall, F1 and mean delay (definitions under --dataset).");
        command.Options.Add(dataset);
        command.Options.Add(detector);
        command.Options.Add(markdown);
        command.SetAction(async (ParseResult parse, CancellationToken cancellationToken) =>
        {
            var files = LabelledDataset.Find(parse.GetValue(dataset)!.FullName);
            var markdownFile = parse.GetValue(markdown);
            if (markdownFile?.Directory is { Exists: false } folder)
            {
                throw CliException.Usage($"--markdown: folder not found: {folder.FullName}");
            }

            string chosen = parse.GetValue(detector) ?? "auto";
            var clock = Stopwatch.StartNew();
            var report = DatasetEvaluation.Run(
                files,
                chosen,
                (done, file) => console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{done}/{files.Count}] {file.DisplayName}")),
                cancellationToken);
            await console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"evaluated {files.Count} files, {report.Overall.Rows:N0} rows in {clock.Elapsed.TotalSeconds:0.0} s"));

            await console.Out.WriteAsync(report.ToText());
            if (markdownFile is not null)
            {
                await File.WriteAllTextAsync(markdownFile.FullName, report.ToMarkdown(), cancellationToken);
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
