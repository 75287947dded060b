namespace QualityWatch.Cli.Detect;

/// <summary>A parsed input CSV: numeric (<c>timestamp,value</c>) or pass/fail counts (<c>timestamp,passed,total</c>).</summary>
internal sealed record SeriesFile(IReadOnlyList<SeriesRow> Rows, bool IsPassFail);
