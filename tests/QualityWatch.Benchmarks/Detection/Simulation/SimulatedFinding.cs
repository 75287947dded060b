namespace QualityWatch.Benchmarks.Detection.Simulation;

/// <summary>A finding the engine raised during a simulated run, at <paramref name="Minute"/> minutes into the run, on a
/// canary suite series (<paramref name="Suite"/>, <c>all</c> for the provider's overall series) or on traffic (null).</summary>
internal sealed record SimulatedFinding(string Model, string Kind, string Detector, int Minute, string? Suite);
