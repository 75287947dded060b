using QualityWatch.Core.Canaries;

namespace QualityWatch.Simulator.Timing;

/// <summary>
/// Times canary calls to the simulator in its virtual time: the latency and time to first token the simulator reports
/// (read by <see cref="SimulatedTimingHandler"/>, which must be in the targets' HTTP pipeline), else the wall clock
/// divided by <see cref="LatencyScale"/> (real seconds per simulated second: 0.001 when the simulator compresses time
/// 1000×). Calls to a real provider, which sends no such headers, are timed on the wall clock when the scale is 1.
/// </summary>
public sealed class SimulatedCallTimer : ICallTimer
{
    /// <summary>A timer with the given real seconds per simulated second.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="latencyScale"/> is not a positive finite number.</exception>
    public SimulatedCallTimer(double latencyScale = 1)
    {
        if (!(latencyScale > 0) || !double.IsFinite(latencyScale))
        {
            throw new ArgumentOutOfRangeException(nameof(latencyScale), latencyScale, "LatencyScale must be a positive number");
        }

        LatencyScale = latencyScale;
    }

    /// <summary>Real seconds per simulated second; wall-clock times are divided by it.</summary>
    public double LatencyScale { get; }

    /// <inheritdoc />
    public ICallTiming Begin() => SimulatedTimingScope.Open(LatencyScale);
}
