namespace QualityWatch.Cli.Serve;

/// <summary>Who decides when a detection pass runs.</summary>
internal enum DetectionSchedule
{
    /// <summary><c>serve</c>: <see cref="DetectionService"/> runs a pass every minute of wall-clock time.</summary>
    EveryMinute,

    /// <summary>The demo: it steps a virtual clock and evaluates each step itself, so no timer runs passes.</summary>
    SteppedByCaller,
}
