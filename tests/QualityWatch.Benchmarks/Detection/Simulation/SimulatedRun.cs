namespace QualityWatch.Benchmarks.Detection.Simulation;

/// <summary>What one simulated run produced: its faults, every finding, and the healthy points watched (one per
/// telemetry series-minute and one per canary series-round, on fault-free models and before each fault starts), and the
/// canary calls the schedule asked for, those made adaptively (extra runs of suites whose evidence was rising) and the
/// scheduled ones deferred to pay for them (budget-neutral adaptive canaries).</summary>
internal sealed record SimulatedRun(string Plan, int Seed, IReadOnlyList<SimulatedFault> Faults, IReadOnlyList<SimulatedFinding> Findings, long HealthyPoints, long ScheduledCanaryCalls, long AdaptiveCanaryCalls, long DeferredCanaryCalls)
{
    /// <summary>The canary calls made: the schedule's, plus the adaptive ones, minus the deferred ones.</summary>
    public long CanaryCalls => ScheduledCanaryCalls + AdaptiveCanaryCalls - DeferredCanaryCalls;

    /// <summary>True when <paramref name="model"/> is healthy at <paramref name="minute"/>: no fault on it, or before its fault starts.</summary>
    public bool IsHealthy(string model, int minute) =>
        Faults.Where(f => string.Equals(f.Model, model, StringComparison.Ordinal)).All(f => minute < f.StartMinute);
}
