namespace QualityWatch.Detection.TimeSeries;

/// <summary>How SSA turns (observed, forecast) into a raw score (ML.NET <c>ErrorFunction</c>).</summary>
public enum ErrorFunction
{
    SignedDifference,
    AbsoluteDifference,
    SignedProportion,
    AbsoluteProportion,
    SquaredDifference,
}
