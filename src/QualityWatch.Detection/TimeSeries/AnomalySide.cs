namespace QualityWatch.Detection.TimeSeries;

/// <summary>Which deviations count (ML.NET <c>AnomalySide</c>).</summary>
public enum AnomalySide
{
    /// <summary>Only values above the expected.</summary>
    Positive,

    /// <summary>Only values below the expected.</summary>
    Negative,

    /// <summary>Both directions.</summary>
    TwoSided,
}
