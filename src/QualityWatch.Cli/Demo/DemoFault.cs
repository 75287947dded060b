namespace QualityWatch.Cli.Demo;

/// <summary>
/// One fault the demo injects, with what counts as catching it: an alert on <see cref="Model"/> of one of
/// <see cref="DetectedBy"/> kinds, first seen after <see cref="Start"/>.
/// </summary>
internal sealed record DemoFault(
    string Scenario,
    string Provider,
    string Model,
    TimeSpan Start,
    TimeSpan? Duration,
    IReadOnlyDictionary<string, double> Parameters,
    IReadOnlyList<string> DetectedBy,
    string Incident);
