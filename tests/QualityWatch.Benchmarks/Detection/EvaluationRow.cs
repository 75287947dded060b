namespace QualityWatch.Benchmarks.Detection;

/// <summary>One line of the evaluation table.</summary>
public sealed record EvaluationRow(string Detector, string Scenario, int Faults, int Detected, double FalseAlarmsPer1000, double MeanDelay, double OptimalDelay, string DelayUnit)
{
    public double Recall => Faults == 0 ? double.NaN : Detected / (double)Faults;
}
