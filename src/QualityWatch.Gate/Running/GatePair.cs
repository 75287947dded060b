using QualityWatch.Core.Canaries;

namespace QualityWatch.Gate.Running;

/// <summary>The baseline's and the candidate's result for the same case and repeat.</summary>
internal sealed record GatePair(GateCase Case, int Repeat, CanaryResult Baseline, CanaryResult Candidate)
{
    public bool IsComplete => Baseline.Outcome != CanaryOutcome.Unavailable && Candidate.Outcome != CanaryOutcome.Unavailable;

    public bool IsRegression => IsComplete && Baseline.Outcome == CanaryOutcome.Passed && Candidate.Outcome == CanaryOutcome.Failed;

    public bool IsImprovement => IsComplete && Baseline.Outcome == CanaryOutcome.Failed && Candidate.Outcome == CanaryOutcome.Passed;
}
