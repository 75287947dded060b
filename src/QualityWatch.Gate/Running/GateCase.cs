namespace QualityWatch.Gate.Running;

/// <summary>One golden case the gate sends to both sides.</summary>
internal sealed record GateCase(string Suite, string CaseId, string Category);
