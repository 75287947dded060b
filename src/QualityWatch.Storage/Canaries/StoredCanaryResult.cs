using QualityWatch.Core.Canaries;

namespace QualityWatch.Storage.Canaries;

/// <summary>A canary result with its row id in <c>canary_results</c> (the order results were stored in).</summary>
public sealed record StoredCanaryResult(long Id, CanaryResult Result);
