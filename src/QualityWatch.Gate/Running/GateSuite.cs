namespace QualityWatch.Gate.Running;

/// <summary>A named set of cases the gate compares as one unit.</summary>
internal sealed record GateSuite(string Name, IReadOnlyList<GateCase> Cases);
