using System.CommandLine;
using System.Globalization;
using System.Text;
using QualityWatch.Cli.Detect;

namespace QualityWatch.Cli.Commands;

/// <summary>`qualitywatch detect --input FILE.csv [--detector …] [--output FILE]`.</summary>
internal static class DetectCommand
{
    public static Command Create(CliConsole console)
    {
        var input = new Option<FileInfo>("--input", "-i")
        {
            Description = "CSV with a header: timestamp,value or timestamp,passed,total, any case (ISO-8601 with or without an offset, or yyyy-MM-dd HH:mm:ss; " +
                "other columns ignored). Duplicate and out-of-order timestamps are accepted (scored in time order, written in input order); " +
                "an empty or NaN value is written back unscored.",
            Required = true,
        };
        var detector = new Option<string>("--detector", "-d")
        {
            Description = "auto (QualityWatch's seasonal robust detector; Bernoulli CUSUM on pass/fail counts) | " +
                "ML.NET parity: sr | sr-batch | iid-spike | iid-changepoint | ssa-spike | ssa-changepoint | cusum | " +
                "the engine's slow level-drift test on positive values: level-drift",
            DefaultValueFactory = _ => "auto",
        };
        detector.AcceptOnlyFromAmong(SeriesDetection.Detectors);
        var period = new Option<int?>("--period")
        {
            Description = "Rows per seasonal cycle for --detector auto (0: none). Default: found from the timestamps " +
                "(an hour, a day or a week in rows) and confirmed on the data.",
        };
        var output = new Option<FileInfo?>("--output", "-o") { Description = "Write the result CSV here instead of stdout." };

        var command = new Command("detect", "Run a detector over a CSV series and write scores, anomalies and change points as CSV.");
        command.Options.Add(input);
        command.Options.Add(detector);
        command.Options.Add(output);
        command.Options.Add(period);
        command.SetAction(async (ParseResult parse, CancellationToken cancellationToken) =>
        {
            string path = parse.GetValue(input)!.FullName;
            var file = SeriesCsvReader.Read(path);
            string chosen = parse.GetValue(detector) ?? "auto";
            int? rowsPerCycle = parse.GetValue(period);
            if (rowsPerCycle is { } given && (given < 0 || given > file.Rows.Count / 2))
            {
                throw CliException.Usage($"--period: {given} is out of range; use 0 (no seasonality) to {file.Rows.Count / 2} (half the rows) for this file");
            }

            if (rowsPerCycle is not null && chosen != "auto")
            {
                throw CliException.Usage($"--period applies to --detector auto only (given with --detector {chosen})");
            }

            DetectedPoint[] points;
            try
            {
                points = SeriesDetection.Run(file, chosen, rowsPerCycle);
            }
            catch (ArgumentException ex)
            {
                throw CliException.Usage($"--detector {chosen}: {CliApplication.OneLine(ex.Message)}");
            }

            // Warned only once the file is scored, so a refused file still prints exactly one line.
            if (file.OutOfOrderRows > 0)
            {
                await console.Error.WriteLineAsync(
                    $"qualitywatch: warning: {Path.GetFileName(path)}: {file.OutOfOrderRows} {(file.OutOfOrderRows == 1 ? "row was" : "rows were")} out of time order; scored in time order, written in input order");
            }

            var csv = Format(file, points);
            if (parse.GetValue(output) is { } target)
            {
                await File.WriteAllTextAsync(target.FullName, csv, cancellationToken);
            }
            else
            {
                await console.Out.WriteAsync(csv);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>One line per input row in input order: <paramref name="points"/> follow the file's time order, so each
    /// row goes back to its <see cref="SeriesRow.InputIndex"/>.</summary>
    private static string Format(SeriesFile file, DetectedPoint[] points)
    {
        var lines = new string[file.Rows.Count];
        for (int i = 0; i < file.Rows.Count; i++)
        {
            var row = file.Rows[i];
            var p = points[i];
            string value = double.IsNaN(row.Value) ? string.Empty : row.Value.ToString("R", CultureInfo.InvariantCulture);
            string score = double.IsNaN(p.Score) ? string.Empty : p.Score.ToString("0.######", CultureInfo.InvariantCulture);
            string timestamp = row.TimestampText.Contains(',', StringComparison.Ordinal) ? $"\"{row.TimestampText}\"" : row.TimestampText;
            lines[row.InputIndex] = string.Create(CultureInfo.InvariantCulture, $"{timestamp},{value},{score},{(p.Anomaly ? 1 : 0)},{(p.ChangePoint ? 1 : 0)}\n");
        }

        var text = new StringBuilder("timestamp,value,score,anomaly,changepoint\n");
        foreach (string line in lines)
        {
            text.Append(line);
        }

        return text.ToString();
    }
}
