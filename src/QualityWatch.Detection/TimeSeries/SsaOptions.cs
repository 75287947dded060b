namespace QualityWatch.Detection.TimeSeries;

/// <summary>ML.NET <c>DetectSpikeBySsa</c> / <c>DetectChangePointBySsa</c> parameters. Defaults follow ML.NET:
/// trainingWindowSize 100, seasonalityWindowSize 10, spike confidence 99 / pvalueHistoryLength 100,
/// change-point confidence 95 / changeHistoryLength 20, error function SignedDifference, power martingale ε = 0.1.</summary>
public sealed record SsaOptions
{
    public double Confidence { get; init; } = 99;

    public int PvalueHistoryLength { get; init; } = 100;

    public int ChangeHistoryLength { get; init; } = 20;

    public int TrainingWindowSize { get; init; } = 100;

    public int SeasonalityWindowSize { get; init; } = 10;

    public AnomalySide Side { get; init; } = AnomalySide.TwoSided;

    public ErrorFunction ErrorFunction { get; init; } = ErrorFunction.SignedDifference;

    public MartingaleType Martingale { get; init; } = MartingaleType.Power;

    public double PowerMartingaleEpsilon { get; init; } = 0.1;

    public static SsaOptions ChangePointDefaults { get; } = new() { Confidence = 95 };

    public void Validate()
    {
        OptionChecks.Between(Confidence, 0, 100, nameof(Confidence), exclusive: true);
        OptionChecks.AtLeast(PvalueHistoryLength, 2, nameof(PvalueHistoryLength));
        OptionChecks.AtLeast(ChangeHistoryLength, 2, nameof(ChangeHistoryLength));
        OptionChecks.AtLeast(SeasonalityWindowSize, 2, nameof(SeasonalityWindowSize));
        if (TrainingWindowSize < 2 * SeasonalityWindowSize)
        {
            throw new ArgumentOutOfRangeException(nameof(TrainingWindowSize), TrainingWindowSize, "TrainingWindowSize must be at least 2 × SeasonalityWindowSize.");
        }

        OptionChecks.Between(PowerMartingaleEpsilon, 0, 1, nameof(PowerMartingaleEpsilon), exclusive: true);
    }
}
