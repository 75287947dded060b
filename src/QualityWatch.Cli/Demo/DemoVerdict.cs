namespace QualityWatch.Cli.Demo;

/// <summary>
/// Whether one injected fault was caught, when and by which incident; how many incidents it produced (one is right);
/// and the incidents that closed while the fault was still running (none is right).
/// </summary>
internal sealed record DemoVerdict(
    DemoFault Fault,
    bool Detected,
    TimeSpan? Delay,
    string? IncidentKind,
    string? IncidentSummary,
    int Incidents,
    IReadOnlyList<DemoIncident> ClosedWhileActive,
    bool OpenAtEnd)
{
    public bool Passed => Detected && Incidents == 1 && ClosedWhileActive.Count == 0;
}
