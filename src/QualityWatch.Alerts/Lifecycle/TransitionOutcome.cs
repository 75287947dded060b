namespace QualityWatch.Alerts.Lifecycle;

/// <summary>How a requested state change ended.</summary>
internal enum TransitionOutcome
{
    Applied,
    NotFound,
    Conflict,
    Invalid,
}
