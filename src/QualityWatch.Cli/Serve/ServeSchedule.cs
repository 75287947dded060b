namespace QualityWatch.Cli.Serve;

/// <summary>Who decides when detection passes and canary rounds run.</summary>
internal enum ServeSchedule
{
    /// <summary><c>serve</c>: <see cref="DetectionService"/> runs a pass every minute and
    /// <see cref="CanarySchedulingService"/> runs the suites when due, both on the host's clock.</summary>
    Timers,

    /// <summary>The demo: it steps a virtual clock, runs each step's canary round and detection pass itself, so no
    /// timer runs them.</summary>
    SteppedByCaller,
}
