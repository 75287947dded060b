namespace QualityWatch.Detection.Seasonal;

/// <summary>One row's result from <see cref="LevelDriftDetector"/>.</summary>
/// <param name="Alarm">True on the row that opens an episode: the CUSUM crossed its threshold and the level moved by at
/// least the practical ratio.</param>
/// <param name="InEpisode">True while an episode is open (from the alarm until recovery).</param>
/// <param name="Recovered">True on the row that closes an episode.</param>
/// <param name="Statistic">The CUSUM, in standard-deviation units.</param>
/// <param name="Threshold">The CUSUM threshold h for the stated ARL₀.</param>
/// <param name="Reference">The reference level (value space, deseasonalised).</param>
/// <param name="Current">The recent level (value space, deseasonalised).</param>
/// <param name="Scale">Noise standard deviation of one row.</param>
/// <param name="ChangeStartMinute">Minute the CUSUM last left zero (change-time estimate).</param>
/// <param name="Seasonal">True once a daily profile is removed from the values.</param>
public sealed record LevelDriftVerdict(
    bool Alarm,
    bool InEpisode,
    bool Recovered,
    double Statistic,
    double Threshold,
    double Reference,
    double Current,
    double Scale,
    long ChangeStartMinute,
    bool Seasonal)
{
    /// <summary>Progress towards an alarm in [0, 1], for the anomaly-score gauge.</summary>
    public double Score => InEpisode ? 1 : Math.Clamp(Statistic / Threshold, 0, 1) * 0.5;
}
