namespace QualityWatch.Benchmarks.Detection;

/// <summary>A generated series with the indices where faults were injected.</summary>
public sealed record LabelledSeries(double[] Values, int[] FaultStarts);
