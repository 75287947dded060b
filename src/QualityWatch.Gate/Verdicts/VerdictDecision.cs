namespace QualityWatch.Gate.Verdicts;

/// <summary>A verdict and the one-line reason a reader of the CI log needs.</summary>
internal sealed record VerdictDecision(GateVerdict Verdict, string Reason);
