namespace QualityWatch.Detection.TimeSeries;

/// <summary>One output row of the batch SR detector (ML.NET's column order).</summary>
public readonly record struct SrCnnEntirePoint(
    bool IsAnomaly,
    double AnomalyScore,
    double Mag,
    double ExpectedValue,
    double BoundaryUnit,
    double UpperBoundary,
    double LowerBoundary);
