namespace QualityWatch.Cli.Evaluate;

/// <summary>
/// Counts summed over files (micro totals) and the figures derived from them. Precision = caught / (caught + false
/// alarms), recall = caught / events, F1 their harmonic mean; a figure whose denominator is 0 is null (not applicable).
/// </summary>
internal sealed record EvaluationTotals(int Files, int Refused, long Rows, int Events, int Caught, int FalseAlarms, long DelayRows)
{
    public static EvaluationTotals Empty { get; } = new(0, 0, 0, 0, 0, 0, 0);

    public double? Precision => Caught + FalseAlarms == 0 ? null : Caught / (double)(Caught + FalseAlarms);

    public double? Recall => Events == 0 ? null : Caught / (double)Events;

    public double? F1 => Precision is { } p && Recall is { } r ? (p + r == 0 ? 0 : 2 * p * r / (p + r)) : null;

    public double? FalseAlarmsPer1000Rows => Rows == 0 ? null : FalseAlarms * 1000.0 / Rows;

    public double? MeanDelayRows => Caught == 0 ? null : DelayRows / (double)Caught;

    public EvaluationTotals Add(EventScore score)
    {
        ArgumentNullException.ThrowIfNull(score);
        return this with
        {
            Files = Files + 1,
            Rows = Rows + score.Rows,
            Events = Events + score.Events,
            Caught = Caught + score.Caught,
            FalseAlarms = FalseAlarms + score.FalseAlarms,
            DelayRows = DelayRows + score.DelayRows,
        };
    }

    public EvaluationTotals AddRefused() => this with { Refused = Refused + 1 };

    public EvaluationTotals Plus(EvaluationTotals other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new(Files + other.Files, Refused + other.Refused, Rows + other.Rows, Events + other.Events, Caught + other.Caught, FalseAlarms + other.FalseAlarms, DelayRows + other.DelayRows);
    }
}
