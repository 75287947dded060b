namespace QualityWatch.Benchmarks.Detection.Simulation;

/// <summary>A fault injected into a simulated run: minutes into the run it starts and (for bounded faults) ends, the
/// finding kinds that count as catching it, the canary pass rate of its model before and after it started, and the
/// optimal (true-rate CUSUM) delay for that pass-rate drop (null when the rate did not drop).</summary>
internal sealed record SimulatedFault(string Scenario, string Model, int StartMinute, int? EndMinute, IReadOnlyList<string> DetectedBy, double PassRateBefore, double PassRateAfter, double? OptimalDelayMinutes);
