namespace QualityWatch.Cli.Detect;

/// <summary>
/// A parsed input CSV: numeric (<c>timestamp,value</c>) or pass/fail counts (<c>timestamp,passed,total</c>).
/// <see cref="Rows"/> are in time order (a stable sort, so rows with the same timestamp keep their file order);
/// <see cref="SeriesRow.InputIndex"/> gives each row's place in the file. <see cref="OutOfOrderRows"/> is the fewest rows
/// that would have to move to put the file in time order (0 for a sorted file).
/// </summary>
internal sealed record SeriesFile(IReadOnlyList<SeriesRow> Rows, bool IsPassFail, int OutOfOrderRows = 0, bool HasLabels = false);
