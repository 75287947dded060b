using QualityWatch.Detection.TimeSeries;

namespace QualityWatch.Detection.Seasonal;

/// <summary>
/// Options of <see cref="SeasonalRobustDetector"/>. The defaults are one configuration for every series (latencies,
/// request rates, crash rates…): the alarm budget is stated in false alarms per 10,000 healthy rows and the detector
/// calibrates each series against its own residuals, so nothing here needs tuning per series.
/// </summary>
public sealed record SeasonalRobustOptions
{
    /// <summary>Rows per seasonal cycle; 0 for none. <see cref="PeriodFinder"/> infers it from the data.</summary>
    public int Period { get; init; }

    /// <summary>Expected false alarms (anomalies and change points together) per 10,000 healthy rows.</summary>
    public double FalseAlarmsPer10000Rows { get; init; } = Defaults.FalseAlarmsPer10000Rows;

    /// <summary>Weight of a new row in the level (exponential smoothing α).</summary>
    public double LevelSmoothing { get; init; } = Defaults.LevelSmoothing;

    /// <summary>Weight of a new cycle in the seasonal profile (γ).</summary>
    public double SeasonSmoothing { get; init; } = Defaults.SeasonSmoothing;

    /// <summary>Weight of a new row in the residual scale.</summary>
    public double ScaleSmoothing { get; init; } = Defaults.ScaleSmoothing;

    /// <summary>Healthy residuals kept to learn the series' tail (<see cref="TailCalibrator"/>).</summary>
    public int CalibrationHistory { get; init; } = Defaults.CalibrationHistory;

    /// <summary>Consecutive unremarkable rows that end an anomalous episode (no new alarm until then).</summary>
    public int RecoveryRows { get; init; } = Defaults.RecoveryRows;

    /// <summary>Defaults, with the reasoning behind them.</summary>
    public static class Defaults
    {
        /// <summary>Four per 10,000 healthy rows (half to anomalies, half to change points): under one false alarm a
        /// fortnight on an hourly series, about one in two days on a per-minute one, and room inside 1 per 1,000 for
        /// what real series add to it (level changes nobody labelled, tails heavier than the cap).</summary>
        public const double FalseAlarmsPer10000Rows = 4;

        /// <summary>0.3: the level follows a wandering series within a few rows (most real series are strongly
        /// autocorrelated) while one outlier, clipped at 3 scales, moves it by under one scale.</summary>
        public const double LevelSmoothing = 0.3;

        /// <summary>0.25: the seasonal profile remembers about four cycles, so one odd day does not become the norm.</summary>
        public const double SeasonSmoothing = 0.25;

        /// <summary>0.05: the scale follows changes in noise over about 20 rows.</summary>
        public const double ScaleSmoothing = 0.05;

        /// <summary>1,000 residuals: enough for a generalized Pareto tail over the top 10 % (100 excesses).</summary>
        public const int CalibrationHistory = 1000;

        /// <summary>Five unremarkable rows end an episode: a burst with short quiet gaps stays one alarm.</summary>
        public const int RecoveryRows = 5;
    }

    internal void Validate()
    {
        OptionChecks.AtLeast(Period, 0, nameof(Period));
        OptionChecks.Between(FalseAlarmsPer10000Rows, 0, 10_000, nameof(FalseAlarmsPer10000Rows), exclusive: true);
        OptionChecks.Between(LevelSmoothing, 0, 1, nameof(LevelSmoothing), exclusive: true);
        OptionChecks.Between(SeasonSmoothing, 0, 1, nameof(SeasonSmoothing), exclusive: true);
        OptionChecks.Between(ScaleSmoothing, 0, 1, nameof(ScaleSmoothing), exclusive: true);
        OptionChecks.AtLeast(CalibrationHistory, TailCalibrator.MinimumHistory, nameof(CalibrationHistory));
        OptionChecks.AtLeast(RecoveryRows, 1, nameof(RecoveryRows));
    }
}
