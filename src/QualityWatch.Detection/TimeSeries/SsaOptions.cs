namespace QualityWatch.Detection.TimeSeries;

/// <summary>ML.NET <c>DetectSpikeBySsa</c> / <c>DetectChangePointBySsa</c> parameters. Defaults follow ML.NET:
/// trainingWindowSize 100, seasonalityWindowSize 10, spike confidence 99 / pvalueHistoryLength 100,
/// change-point confidence 95 / changeHistoryLength 20, error function SignedDifference, power martingale ε = 0.1.</summary>
public sealed record SsaOptions
{
    /// <summary>Confidence in percent, in (0, 100).</summary>
    public double Confidence { get; init; } = 99;

    /// <summary>Spike detector: history of forecast errors for p-values.</summary>
    public int PvalueHistoryLength { get; init; } = 100;

    /// <summary>Change-point detector: martingale window.</summary>
    public int ChangeHistoryLength { get; init; } = 20;

    /// <summary>Points buffered before the model is trained (&gt; 2 × seasonality window, as ML.NET requires).</summary>
    public int TrainingWindowSize { get; init; } = 100;

    /// <summary>SSA lag L (ML.NET <c>seasonalityWindowSize</c>): an upper bound on the longest period; the model's rank
    /// is chosen among 1…L/2.</summary>
    public int SeasonalityWindowSize { get; init; } = 10;

    /// <summary>Which deviations count (spike detector).</summary>
    public AnomalySide Side { get; init; } = AnomalySide.TwoSided;

    /// <summary>How (observed, forecast) becomes the raw score.</summary>
    public ErrorFunction ErrorFunction { get; init; } = ErrorFunction.SignedDifference;

    /// <summary>Power or Mixture (change-point detector).</summary>
    public MartingaleType Martingale { get; init; } = MartingaleType.Power;

    /// <summary>ε of the power martingale, in (0, 1).</summary>
    public double PowerMartingaleEpsilon { get; init; } = 0.1;

    /// <summary>ML.NET's change-point defaults (confidence 95).</summary>
    public static SsaOptions ChangePointDefaults { get; } = new() { Confidence = 95 };

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first invalid parameter and its range.</summary>
    public void Validate()
    {
        OptionChecks.Between(Confidence, 0, 100, nameof(Confidence), exclusive: true);
        OptionChecks.AtLeast(PvalueHistoryLength, 2, nameof(PvalueHistoryLength));
        OptionChecks.AtLeast(ChangeHistoryLength, 2, nameof(ChangeHistoryLength));
        OptionChecks.AtLeast(SeasonalityWindowSize, 2, nameof(SeasonalityWindowSize));
        if (TrainingWindowSize <= 2 * SeasonalityWindowSize)
        {
            throw new ArgumentOutOfRangeException(nameof(TrainingWindowSize), TrainingWindowSize, "TrainingWindowSize must be greater than 2 × SeasonalityWindowSize.");
        }

        OptionChecks.Between(PowerMartingaleEpsilon, 0, 1, nameof(PowerMartingaleEpsilon), exclusive: true);
    }
}
