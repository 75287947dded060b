namespace QualityWatch.Benchmarks.Detection.Simulation;

/// <summary>One line of the simulator table: how one detector (or any accepted one) fared on one injected scenario.</summary>
internal sealed record SimulatorRow(string Scenario, string Detector, int Faults, int Detected, double MeanDelayMinutes, double OptimalDelayMinutes);
