using QualityWatch.Cli.Detect;

namespace QualityWatch.Cli.Evaluate;

/// <summary>
/// Runs a detector over every file of a labelled dataset and scores its flags (anomaly or change point) against the
/// labels with <see cref="EventScoring"/>. A file that cannot be scored is refused with its one-line reason; it never
/// stops the run.
/// </summary>
internal static class DatasetEvaluation
{
    public static EvaluationReport Run(IReadOnlyList<LabelledFile> files, string detector, Action<int, LabelledFile>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(files);
        var domains = new SortedDictionary<string, EvaluationTotals>(StringComparer.Ordinal);
        var refused = new List<RefusedFile>();
        for (int i = 0; i < files.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var file = files[i];
            progress?.Invoke(i + 1, file);
            var totals = domains.GetValueOrDefault(file.Domain, EvaluationTotals.Empty);
            try
            {
                domains[file.Domain] = totals.Add(Score(file.Path, detector));
            }
#pragma warning disable CA1031 // One file's failure, whatever it is, is reported as a refusal; the other files are still scored.
            catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
            {
                domains[file.Domain] = totals.AddRefused();
                string reason = ex is CliException ? ex.Message : $"{ex.GetType().Name}: {ex.Message}";
                refused.Add(new RefusedFile(file, CliApplication.OneLine(reason)));
            }
        }

        var overall = domains.Values.Aggregate(EvaluationTotals.Empty, (sum, d) => sum.Plus(d));
        return new EvaluationReport(detector, domains, overall, refused);
    }

    private static EventScore Score(string path, string detector)
    {
        var series = SeriesCsvReader.Read(path);
        if (!series.HasLabels)
        {
            throw CliException.Usage($"{Path.GetFileName(path)} row 1: missing column 'label'; evaluate needs labelled rows");
        }

        var points = SeriesDetection.Run(series, detector);
        var labels = series.Rows.Select(r => r.Label).ToArray();
        var flags = points.Select(p => p.Anomaly || p.ChangePoint).ToArray();
        return EventScoring.Score(labels, flags);
    }
}
