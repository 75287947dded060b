namespace QualityWatch.Detection.TimeSeries;

/// <summary>ML.NET <c>DetectIidSpike</c> parameters and defaults.</summary>
public sealed record IidSpikeOptions
{
    public double Confidence { get; init; } = 99;

    public int PvalueHistoryLength { get; init; } = 100;

    public AnomalySide Side { get; init; } = AnomalySide.TwoSided;

    public void Validate()
    {
        OptionChecks.Between(Confidence, 0, 100, nameof(Confidence), exclusive: true);
        OptionChecks.AtLeast(PvalueHistoryLength, 2, nameof(PvalueHistoryLength));
    }
}
