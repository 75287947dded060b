namespace QualityWatch.Detection.TimeSeries;

/// <summary>ML.NET <c>DetectIidChangePoint</c> parameters and defaults.</summary>
public sealed record IidChangePointOptions
{
    /// <summary>Confidence in percent, in (0, 100); sets the martingale threshold.</summary>
    public double Confidence { get; init; } = 95;

    /// <summary>Window of p-values the martingale is computed over (≥ 2).</summary>
    public int ChangeHistoryLength { get; init; } = 20;

    /// <summary>Power or Mixture.</summary>
    public MartingaleType Martingale { get; init; } = MartingaleType.Power;

    /// <summary>ε of the power martingale, in (0, 1).</summary>
    public double PowerMartingaleEpsilon { get; init; } = 0.1;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first invalid parameter and its range.</summary>
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
