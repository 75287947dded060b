namespace QualityWatch.Detection.TimeSeries;

/// <summary>ML.NET <c>DetectEntireAnomalyBySrCnn</c> parameters: threshold 0.3, batchSize 1024, sensitivity 99,
/// detectMode AnomalyOnly, period 0 (no seasonality).</summary>
public sealed record SrCnnEntireOptions
{
    /// <summary>Alert when score &gt; threshold, in [0, 1].</summary>
    public double Threshold { get; init; } = 0.3;

    /// <summary>Points per batch; −1 processes the whole series as one batch.</summary>
    public int BatchSize { get; init; } = 1024;

    /// <summary>Margin sensitivity in [0, 100] (higher = tighter bounds).</summary>
    public double Sensitivity { get; init; } = 99;

    /// <summary>Which outputs to compute.</summary>
    public SrCnnDetectMode DetectMode { get; init; } = SrCnnDetectMode.AnomalyOnly;

    /// <summary>Seasonal period in points; 0 disables de-seasonalisation.</summary>
    public int Period { get; init; }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first invalid parameter and its range.</summary>
    public void Validate()
    {
        OptionChecks.Between(Threshold, 0, 1, nameof(Threshold));
        if (BatchSize != -1 && BatchSize < 12)
        {
            throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "BatchSize must be -1 or at least 12.");
        }

        OptionChecks.Between(Sensitivity, 0, 100, nameof(Sensitivity));
        OptionChecks.AtLeast(Period, 0, nameof(Period));
    }
}
