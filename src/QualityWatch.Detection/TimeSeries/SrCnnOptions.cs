namespace QualityWatch.Detection.TimeSeries;

/// <summary>ML.NET <c>DetectAnomalyBySrCnn</c> parameters (streaming spectral residual). Defaults are ML.NET's
/// catalog defaults: windowSize 64, backAddWindowSize 5, lookaheadWindowSize 5, averagingWindowSize 3,
/// judgementWindowSize 21, threshold 0.3.</summary>
public sealed record SrCnnOptions
{
    /// <summary>Points in the sliding window the saliency map is computed on.</summary>
    public int WindowSize { get; init; } = 64;

    /// <summary>Extrapolated points appended after the window.</summary>
    public int BackAddWindowSize { get; init; } = 5;

    /// <summary>Points used to extrapolate.</summary>
    public int LookaheadWindowSize { get; init; } = 5;

    /// <summary>Moving-average width over the log spectrum.</summary>
    public int AveragingWindowSize { get; init; } = 3;

    /// <summary>Trailing saliency average a point is judged against.</summary>
    public int JudgementWindowSize { get; init; } = 21;

    /// <summary>Alert when score &gt; threshold, in [0, 1].</summary>
    public double Threshold { get; init; } = 0.3;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first invalid parameter and its range.</summary>
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
