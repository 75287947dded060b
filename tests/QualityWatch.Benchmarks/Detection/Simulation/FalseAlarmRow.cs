namespace QualityWatch.Benchmarks.Detection.Simulation;

/// <summary>Findings one detector raised on healthy data, per 1,000 healthy points.</summary>
internal sealed record FalseAlarmRow(string Detector, string Kind, int FalseAlarms, long HealthyPoints)
{
    public double Per1000 => HealthyPoints == 0 ? double.NaN : FalseAlarms * 1000.0 / HealthyPoints;
}
