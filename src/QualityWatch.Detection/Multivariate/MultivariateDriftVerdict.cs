namespace QualityWatch.Detection.Multivariate;

/// <summary>One scored hour of one series.</summary>
/// <param name="Alarm">The CUSUM crossed its threshold outside an episode.</param>
/// <param name="Statistic">The CUSUM after this hour (normal-score units).</param>
/// <param name="Threshold">Its threshold h for the configured ARL₀.</param>
/// <param name="Score">The hour's reconstruction error (robust standard units).</param>
/// <param name="NormalScore">The hour's score as a clipped normal score against the series' healthy scores.</param>
/// <param name="BaselineScore">Median healthy score of the series, with its 10th and 90th percentiles.</param>
/// <param name="Residuals">Signal features by their share of the squared error, largest first.</param>
/// <param name="Hour">Hours since the epoch of the scored hour.</param>
/// <param name="ChangeStartHour">The hour the CUSUM last left zero.</param>
/// <param name="CalibrationHours">Healthy scores the calibration rests on.</param>
internal sealed record MultivariateDriftVerdict(
    bool Alarm,
    double Statistic,
    double Threshold,
    double Score,
    double NormalScore,
    (double Median, double Low, double High) BaselineScore,
    IReadOnlyList<FeatureResidual> Residuals,
    long Hour,
    long ChangeStartHour,
    int CalibrationHours);
