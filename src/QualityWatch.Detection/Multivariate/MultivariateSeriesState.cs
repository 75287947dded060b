namespace QualityWatch.Detection.Multivariate;

/// <summary>
/// One telemetry series' multivariate-drift state. JSON-serialisable (no NaN: a feature an hour did not observe is
/// null); bounded: the current hour, a week of healthy hourly vectors and two weeks of calibration scores.
/// </summary>
internal sealed class MultivariateSeriesState
{
    public HourAccumulator? Current { get; set; }

    /// <summary>Raw (unstandardised) vectors of the latest healthy hours, oldest first.</summary>
    public List<double?[]> HealthyVectors { get; set; } = [];

    /// <summary>Hours (since the epoch) of <see cref="HealthyVectors"/>, for the daily cycle of each feature.</summary>
    public List<long> HealthyHours { get; set; } = [];

    /// <summary>Log scores of healthy hours, each from a model trained before the hour (out of sample), oldest first.</summary>
    public List<double> CalibrationLogScores { get; set; } = [];

    public double Cusum { get; set; }

    /// <summary>The hour the CUSUM last left zero: the change-start estimate.</summary>
    public long CusumStartHour { get; set; }
}
