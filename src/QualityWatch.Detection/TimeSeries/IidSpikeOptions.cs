namespace QualityWatch.Detection.TimeSeries;

/// <summary>ML.NET <c>DetectIidSpike</c> parameters and defaults.</summary>
public sealed record IidSpikeOptions
{
    /// <summary>Confidence in percent, in (0, 100); a spike when p ≤ 1 − confidence/100.</summary>
    public double Confidence { get; init; } = 99;

    /// <summary>Points in the history the kernel p-value is computed against (≥ 2).</summary>
    public int PvalueHistoryLength { get; init; } = 100;

    /// <summary>Which deviations count.</summary>
    public AnomalySide Side { get; init; } = AnomalySide.TwoSided;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first invalid parameter and its range.</summary>
    public void Validate()
    {
        OptionChecks.Between(Confidence, 0, 100, nameof(Confidence), exclusive: true);
        OptionChecks.AtLeast(PvalueHistoryLength, 2, nameof(PvalueHistoryLength));
    }
}
