using QualityWatch.Cli.Evaluate;

namespace QualityWatch.Cli.Tests.Evaluate;

public sealed class EvaluationTotalsTests
{
    [Fact]
    public void Totals_SumFilesThenDerivePrecisionRecallF1AndRates()
    {
        var totals = EvaluationTotals.Empty
            .Add(new EventScore(Rows: 1000, Events: 4, Caught: 3, FalseAlarms: 1, DelayRows: 6))
            .Add(new EventScore(Rows: 1000, Events: 6, Caught: 5, FalseAlarms: 3, DelayRows: 2));

        Assert.Equal((2, 2000L, 10, 8, 4, 8L), (totals.Files, totals.Rows, totals.Events, totals.Caught, totals.FalseAlarms, totals.DelayRows));
        Assert.Equal(8 / 12.0, totals.Precision);
        Assert.Equal(0.8, totals.Recall);
        Assert.Equal(2 * (8 / 12.0) * 0.8 / ((8 / 12.0) + 0.8), totals.F1!.Value, 12);
        Assert.Equal(2.0, totals.FalseAlarmsPer1000Rows);
        Assert.Equal(1.0, totals.MeanDelayRows);
    }

    [Fact]
    public void FiguresWithoutADenominator_AreNotApplicable()
    {
        var totals = EvaluationTotals.Empty.Add(new EventScore(Rows: 100, Events: 0, Caught: 0, FalseAlarms: 0, DelayRows: 0));

        Assert.Null(totals.Precision);
        Assert.Null(totals.Recall);
        Assert.Null(totals.F1);
        Assert.Null(totals.MeanDelayRows);
        Assert.Equal(0.0, totals.FalseAlarmsPer1000Rows);
    }

    [Fact]
    public void EventsAllMissedWithFalseAlarms_HaveZeroF1()
    {
        var totals = EvaluationTotals.Empty.Add(new EventScore(Rows: 100, Events: 2, Caught: 0, FalseAlarms: 3, DelayRows: 0));

        Assert.Equal(0.0, totals.Precision);
        Assert.Equal(0.0, totals.Recall);
        Assert.Equal(0.0, totals.F1);
    }

    [Fact]
    public void RefusedFiles_AreCountedApartFromScoredFiles()
    {
        var totals = EvaluationTotals.Empty.AddRefused().Plus(EvaluationTotals.Empty.Add(new EventScore(10, 1, 1, 0, 0)));

        Assert.Equal((1, 1, 10L), (totals.Files, totals.Refused, totals.Rows));
    }
}
