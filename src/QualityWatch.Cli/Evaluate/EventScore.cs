namespace QualityWatch.Cli.Evaluate;

/// <summary>
/// How one file's flags compare with its labels (see <see cref="EventScoring"/>): labelled events, how many were caught,
/// false alarms, and the summed delay of the caught events (rows from event start to the first flag that caught it).
/// </summary>
internal sealed record EventScore(int Rows, int Events, int Caught, int FalseAlarms, long DelayRows);
