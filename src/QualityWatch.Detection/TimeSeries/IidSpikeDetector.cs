namespace QualityWatch.Detection.TimeSeries;

/// <summary>ML.NET's IID spike detector: the raw score is the value itself; a point whose kernel p-value against the
/// last <c>pvalueHistoryLength</c> values is at most 1 − confidence/100 is a spike.</summary>
public sealed class IidSpikeDetector : IStreamingDetector
{
    private readonly SequentialAnomalyScorer _scorer;
    private readonly double _alpha;

    /// <summary>Creates the detector; options are validated here.</summary>
    public IidSpikeDetector(IidSpikeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _alpha = 1 - (options.Confidence / 100);
        _scorer = new SequentialAnomalyScorer(options.PvalueHistoryLength, options.Side, AlertingScore.PValueScore, MartingaleType.None, 0.1, _alpha);
    }

    /// <summary>Detector name in findings and metrics.</summary>
    public string Name => "iid-spike";

    /// <summary>Scores one point.</summary>
    public DetectorOutput Update(double value)
    {
        var (alert, p, _) = _scorer.Process(value);
        return new DetectorOutput(alert, false, PValueScore(p), value, p, double.NaN);
    }

    /// <summary>1 − p maps the p-value onto [0, 1]; two-sided p-values are at most 0.5, so scale them.</summary>
    internal static double PValueScore(double p) => double.IsNaN(p) ? 0 : Math.Clamp(1 - (2 * Math.Min(p, 1 - p)), 0, 1);

    /// <summary>Writes the state.</summary>
    public void Save(BinaryWriter writer) => _scorer.Save(writer);

    /// <summary>Restores the state.</summary>
    public void Load(BinaryReader reader) => _scorer.Load(reader);
}
