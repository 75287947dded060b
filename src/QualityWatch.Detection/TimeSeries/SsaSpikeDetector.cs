namespace QualityWatch.Detection.TimeSeries;

/// <summary>ML.NET's SSA spike detector: kernel p-value of the forecast error over <c>pvalueHistoryLength</c>;
/// spike when p ≤ 1 − confidence/100.</summary>
public sealed class SsaSpikeDetector : SsaDetectorBase
{
    /// <summary>Creates the detector; options are validated here.</summary>
    public SsaSpikeDetector(SsaOptions options)
        : base(options)
    {
        Scorer = new SequentialAnomalyScorer(options.PvalueHistoryLength, options.Side, AlertingScore.PValueScore, MartingaleType.None, 0.1, 1 - (options.Confidence / 100));
    }

    /// <summary>Detector name in findings and metrics.</summary>
    public override string Name => "ssa-spike";

    private protected override SequentialAnomalyScorer Scorer { get; }

    private protected override DetectorOutput Score(double raw)
    {
        var (alert, p, _) = Scorer.Process(raw);
        return new DetectorOutput(alert, false, IidSpikeDetector.PValueScore(p), raw, p, double.NaN);
    }
}
