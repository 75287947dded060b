namespace QualityWatch.Simulator;

/// <summary>The simulator's ground truth at one instant, served at <c>GET /sim/state</c>.</summary>
/// <param name="Now">Current virtual time.</param>
/// <param name="StartTime">Virtual time at which the clock started (scenario offsets count from here).</param>
/// <param name="Speed">Virtual seconds per real second (0 = manual).</param>
/// <param name="Seed">Seed of every random draw.</param>
/// <param name="Models">Every simulated model with its active faults.</param>
public sealed record SimulatorState(
    DateTimeOffset Now,
    DateTimeOffset StartTime,
    double Speed,
    int Seed,
    IReadOnlyList<ModelState> Models);
