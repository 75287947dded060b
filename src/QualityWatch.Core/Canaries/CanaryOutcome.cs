namespace QualityWatch.Core.Canaries;

/// <summary>How one canary call ended.</summary>
public enum CanaryOutcome
{
    /// <summary>The provider answered and every assertion held.</summary>
    Passed,

    /// <summary>The provider answered and at least one assertion failed: a quality failure.</summary>
    Failed,

    /// <summary>The call failed at the transport or HTTP level: an availability failure, never a quality one.</summary>
    Unavailable,
}
