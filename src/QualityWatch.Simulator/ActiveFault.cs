namespace QualityWatch.Simulator;

/// <summary>A scenario active for a model now.</summary>
/// <param name="Scenario">Scenario name.</param>
/// <param name="Intensity">Current strength; its meaning per scenario is <see cref="ScenarioInfo.IntensityMeaning"/>
/// (for example the misrouted share for routing-bug, the latency multiplier for latency-drift).</param>
/// <param name="StartedAt">Virtual time the scenario began.</param>
/// <param name="EndsAt">Virtual time it ends; null if it lasts until the simulator stops.</param>
public sealed record ActiveFault(string Scenario, double Intensity, DateTimeOffset StartedAt, DateTimeOffset? EndsAt);
