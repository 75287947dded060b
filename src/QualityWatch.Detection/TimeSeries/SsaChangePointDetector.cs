namespace QualityWatch.Detection.TimeSeries;

/// <summary>ML.NET's SSA change-point detector: martingale over the kernel p-values of forecast errors in a window of
/// <c>changeHistoryLength</c>, thresholded as in <see cref="IidChangePointDetector"/>.</summary>
public sealed class SsaChangePointDetector : SsaDetectorBase
{
    private readonly double _threshold;

    /// <summary>Creates the detector; options are validated here.</summary>
    public SsaChangePointDetector(SsaOptions options)
        : base(options)
    {
        if (options.Martingale == MartingaleType.None)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Martingale, "Martingale must be Power or Mixture for change-point detection.");
        }

        _threshold = SequentialAnomalyScorer.ChangePointThreshold(options.Martingale, options.ChangeHistoryLength, options.Confidence, options.PowerMartingaleEpsilon);
        Scorer = new SequentialAnomalyScorer(options.ChangeHistoryLength, AnomalySide.TwoSided, AlertingScore.MartingaleScore, options.Martingale, options.PowerMartingaleEpsilon, _threshold);
    }

    /// <summary>Detector name in findings and metrics.</summary>
    public override string Name => "ssa-changepoint";

    private protected override SequentialAnomalyScorer Scorer { get; }

    private protected override DetectorOutput Score(double raw)
    {
        var (alert, p, martingale) = Scorer.Process(raw);
        return new DetectorOutput(false, alert, IidChangePointDetector.MartingaleScore(martingale, _threshold), raw, p, martingale);
    }
}
