namespace QualityWatch.Detection.TimeSeries;

/// <summary>What the batch SR detector outputs (ML.NET <c>SrCnnDetectMode</c>).</summary>
public enum SrCnnDetectMode
{
    /// <summary>IsAnomaly, RawScore, Mag.</summary>
    AnomalyOnly = 0,

    /// <summary>Adds ExpectedValue, BoundaryUnit, UpperBoundary, LowerBoundary.</summary>
    AnomalyAndMargin = 1,

    /// <summary>Adds ExpectedValue.</summary>
    AnomalyAndExpectedValue = 2,
}
