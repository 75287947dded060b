namespace QualityWatch.Detection.TimeSeries;

/// <summary>ML.NET <c>DetectIidChangePoint</c> parameters and defaults.</summary>
public sealed record IidChangePointOptions
{
    public double Confidence { get; init; } = 95;

    public int ChangeHistoryLength { get; init; } = 20;

    public MartingaleType Martingale { get; init; } = MartingaleType.Power;

    public double PowerMartingaleEpsilon { get; init; } = 0.1;

    public void Validate()
    {
        OptionChecks.Between(Confidence, 0, 100, nameof(Confidence), exclusive: true);
        OptionChecks.AtLeast(ChangeHistoryLength, 2, nameof(ChangeHistoryLength));
        OptionChecks.Between(PowerMartingaleEpsilon, 0, 1, nameof(PowerMartingaleEpsilon), exclusive: true);
        if (Martingale == MartingaleType.None)
        {
            throw new ArgumentOutOfRangeException(nameof(Martingale), Martingale, "Martingale must be Power or Mixture for change-point detection.");
        }
    }
}
