namespace QualityWatch.Detection.TimeSeries;

/// <summary>ML.NET <c>DetectAnomalyBySrCnn</c> parameters (streaming spectral residual). Defaults are ML.NET's
/// catalog defaults: windowSize 64, backAddWindowSize 5, lookaheadWindowSize 5, averagingWindowSize 3,
/// judgementWindowSize 21, threshold 0.3.</summary>
public sealed record SrCnnOptions
{
    public int WindowSize { get; init; } = 64;

    public int BackAddWindowSize { get; init; } = 5;

    public int LookaheadWindowSize { get; init; } = 5;

    public int AveragingWindowSize { get; init; } = 3;

    public int JudgementWindowSize { get; init; } = 21;

    public double Threshold { get; init; } = 0.3;

    public void Validate()
    {
        OptionChecks.AtLeast(WindowSize, 2, nameof(WindowSize));
        OptionChecks.AtLeast(BackAddWindowSize, 1, nameof(BackAddWindowSize));
        OptionChecks.AtLeast(LookaheadWindowSize, 1, nameof(LookaheadWindowSize));
        OptionChecks.AtLeast(AveragingWindowSize, 1, nameof(AveragingWindowSize));
        OptionChecks.AtLeast(JudgementWindowSize, 1, nameof(JudgementWindowSize));
        OptionChecks.Between(Threshold, 0, 1, nameof(Threshold));
        if (LookaheadWindowSize + 2 > WindowSize)
        {
            throw new ArgumentOutOfRangeException(nameof(LookaheadWindowSize), LookaheadWindowSize, "LookaheadWindowSize must be at most WindowSize − 2.");
        }
    }
}
