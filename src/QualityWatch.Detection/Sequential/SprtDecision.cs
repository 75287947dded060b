namespace QualityWatch.Detection.Sequential;

/// <summary>The state of a sequential probability ratio test.</summary>
public enum SprtDecision
{
    /// <summary>Not enough evidence yet: keep sampling.</summary>
    Continue,

    /// <summary>H₀ (pass rate ≥ p₀) accepted.</summary>
    AcceptBaseline,

    /// <summary>H₁ (pass rate ≤ p₁) accepted: a regression.</summary>
    AcceptRegression,
}
