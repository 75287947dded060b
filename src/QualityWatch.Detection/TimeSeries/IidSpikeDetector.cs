namespace QualityWatch.Detection.TimeSeries;

/// <summary>ML.NET's IID spike detector: the raw score is the value itself; a point whose kernel p-value against the
/// last <c>pvalueHistoryLength</c> values is at most 1 − confidence/100 is a spike.</summary>
public sealed class IidSpikeDetector : IStreamingDetector
{
    private readonly SequentialAnomalyScorer _scorer;
    private readonly double _alpha;

    public IidSpikeDetector(IidSpikeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _alpha = 1 - (options.Confidence / 100);
        _scorer = new SequentialAnomalyScorer(options.PvalueHistoryLength, options.Side, AlertingScore.PValueScore, MartingaleType.None, 0.1, _alpha);
    }

    public string Name => "iid-spike";

    public DetectorOutput Update(double value)
    {
        var (alert, p, _) = _scorer.Process(value);
        return new DetectorOutput(alert, false, PValueScore(p), value, p, double.NaN);
    }

    /// <summary>1 − p maps the p-value onto [0, 1]; two-sided p-values are at most 0.5, so scale them.</summary>
    internal static double PValueScore(double p) => double.IsNaN(p) ? 0 : Math.Clamp(1 - (2 * Math.Min(p, 1 - p)), 0, 1);

    public void Save(BinaryWriter writer) => _scorer.Save(writer);

    public void Load(BinaryReader reader) => _scorer.Load(reader);
}
