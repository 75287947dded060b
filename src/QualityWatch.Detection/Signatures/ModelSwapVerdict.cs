using QualityWatch.Core.Canaries;

namespace QualityWatch.Detection.Signatures;

/// <summary>How many canary cases changed answer or fingerprint at once, with examples.</summary>
internal sealed record ModelSwapVerdict(bool Alarm, int ChangedCases, int ComparedCases, string? PreviousFingerprint, string? CurrentFingerprint, IReadOnlyList<(CanaryResult Result, string? PreviousAnswer)> Examples)
{
    public double Share => ComparedCases == 0 ? 0 : ChangedCases / (double)ComparedCases;
}
