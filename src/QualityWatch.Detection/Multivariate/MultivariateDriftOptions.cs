namespace QualityWatch.Detection.Multivariate;

/// <summary>Options of the <see cref="MultivariateDriftDetector"/>; the engine sets them from its own options.</summary>
internal sealed class MultivariateDriftOptions
{
    /// <summary>Healthy hours between false alarms, per series (the CUSUM's ARL₀).</summary>
    public double Arl0Hours { get; init; } = Defaults.Arl0Hours;

    /// <summary>Hours of data between trainings of the pooled model.</summary>
    public int RetrainHours { get; init; } = Defaults.RetrainHours;

    /// <summary>Engine-wide named defaults, with the reason for each.</summary>
    internal static class Defaults
    {
        /// <summary>Ten thousand hours: about one false alarm per series in 14 months, a few a year across dozens of series.</summary>
        public const double Arl0Hours = 10_000;

        /// <summary>Daily: the model follows a fleet that changes over days, and a training costs well under a second.</summary>
        public const int RetrainHours = 24;

        /// <summary>
        /// Principal components kept. After each series' own daily cycle is removed, what healthy hours still share across
        /// features is few modes — load moving latency and time to first token together, longer answers taking longer —
        /// so two components hold them and the other four of the six dimensions are the reconstruction error, where a
        /// joint shift against those modes (latency up while answers get shorter and errors rise) shows.
        /// </summary>
        public const int Rank = 2;

        /// <summary>An hour with fewer calls is neither scored nor learnt from (its medians are too noisy).</summary>
        public const long MinimumCallsPerHour = 30;

        /// <summary>Healthy hours a series needs before it can be standardised: a day, to fit its daily cycle.</summary>
        public const int MinimumSeriesHours = 24;

        /// <summary>Standardised healthy vectors, over the fleet, before the first training.</summary>
        public const int MinimumTrainingVectors = 48;

        /// <summary>Out-of-sample healthy scores a series needs before its CUSUM runs.</summary>
        public const int MinimumCalibrationHours = 48;

        /// <summary>Healthy hours kept per series for standardisation and training: one week, every hour of the day seven times.</summary>
        public const int HealthyHoursKept = 168;

        /// <summary>Calibration scores kept per series: two weeks.</summary>
        public const int CalibrationHoursKept = 336;

        /// <summary>Most vectors one training takes from the fleet (the newest of each series first): bounds training time.</summary>
        public const int MaximumTrainingVectors = 20_000;

        /// <summary>CUSUM allowance in normal-score units: tuned for a shift of one standard deviation of the log score.</summary>
        public const double Allowance = 1.0;

        /// <summary>Normal scores are clipped here (Huber): one wild hour cannot carry an alarm alone.</summary>
        public const double ClipAt = 3;

        /// <summary>Features named as evidence, at most.</summary>
        public const int EvidenceFeatures = 3;
    }
}
