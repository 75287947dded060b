namespace QualityWatch.Detection.Multivariate;

/// <summary>The fleet-wide part of the multivariate-drift state: the pooled model. Null in the engine state while the
/// test is off.</summary>
internal sealed class MultivariateDriftState
{
    public PcaDriftModel? Model { get; set; }

    /// <summary>The latest hour any series closed, the clock of retraining.</summary>
    public long LatestHour { get; set; }

    /// <summary>The fleet hour of the last training attempt, successful or not.</summary>
    public long LastAttemptHour { get; set; } = long.MinValue;

    /// <summary>Trainings so far (for the docs' measurements and the tests).</summary>
    public int Trainings { get; set; }
}
