namespace QualityWatch.Detection.TimeSeries;

/// <summary>The score that is thresholded to raise an alert (ML.NET <c>AlertingScore</c>).</summary>
internal enum AlertingScore
{
    RawScore,
    PValueScore,
    MartingaleScore,
}
