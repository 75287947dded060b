namespace QualityWatch.Simulator;

/// <summary>A catalogue entry: what a scenario does, the real incident it models, and its parameters.</summary>
/// <param name="Name">Scenario name.</param>
/// <param name="Description">One line: the injected effect.</param>
/// <param name="Incident">The real-world incident or failure class it reproduces.</param>
/// <param name="Parameters">Parameter names with their defaults (the meaning is in <paramref name="Description"/>).</param>
/// <param name="IntensityMeaning">What <see cref="ActiveFault.Intensity"/> means for this scenario.</param>
public sealed record ScenarioInfo(
    string Name,
    string Description,
    string Incident,
    IReadOnlyDictionary<string, double> Parameters,
    string IntensityMeaning);
