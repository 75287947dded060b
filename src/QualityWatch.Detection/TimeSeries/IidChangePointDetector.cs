namespace QualityWatch.Detection.TimeSeries;

/// <summary>ML.NET's IID change-point detector: two-sided kernel p-values of the values over the last
/// <c>changeHistoryLength</c> points feed a power (or mixture) martingale over the same window; the alert threshold is
/// the martingale after a whole window of p-values equal to 1 − confidence/100.</summary>
public sealed class IidChangePointDetector : IStreamingDetector
{
    private readonly SequentialAnomalyScorer _scorer;

    /// <summary>Creates the detector; options are validated here.</summary>
    public IidChangePointDetector(IidChangePointOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Threshold = SequentialAnomalyScorer.ChangePointThreshold(options.Martingale, options.ChangeHistoryLength, options.Confidence, options.PowerMartingaleEpsilon);
        _scorer = new SequentialAnomalyScorer(options.ChangeHistoryLength, AnomalySide.TwoSided, AlertingScore.MartingaleScore, options.Martingale, options.PowerMartingaleEpsilon, Threshold);
    }

    /// <summary>Detector name in findings and metrics.</summary>
    public string Name => "iid-changepoint";

    /// <summary>The martingale alert threshold derived from the options.</summary>
    public double Threshold { get; }

    /// <summary>Scores one point.</summary>
    public DetectorOutput Update(double value)
    {
        var (alert, p, martingale) = _scorer.Process(value);
        return new DetectorOutput(false, alert, MartingaleScore(martingale, Threshold), value, p, martingale);
    }

    /// <summary>log M / log threshold, clamped: 1 at the alert threshold, 0 at or below M = 1.</summary>
    internal static double MartingaleScore(double martingale, double threshold)
    {
        if (double.IsNaN(martingale) || martingale <= 1 || threshold <= 1)
        {
            return 0;
        }

        return Math.Clamp(Math.Log(martingale) / Math.Log(threshold), 0, 1);
    }

    /// <summary>Writes the state.</summary>
    public void Save(BinaryWriter writer) => _scorer.Save(writer);

    /// <summary>Restores the state.</summary>
    public void Load(BinaryReader reader) => _scorer.Load(reader);
}
