using QualityWatch.Core.Canaries;

namespace QualityWatch.Simulator.Timing;

/// <summary>
/// The timing of one call to the simulator, open in the caller's async flow: <see cref="SimulatedTimingHandler"/>
/// fills it from the response headers, and it reports those figures, else the wall clock divided by the latency scale.
/// </summary>
internal sealed class SimulatedTimingScope(SimulatedTimingScope? previous, double latencyScale) : ICallTiming
{
    private static readonly AsyncLocal<SimulatedTimingScope?> OpenScope = new();

    /// <summary>The scope calls of this async flow report to, if one is open.</summary>
    public static SimulatedTimingScope? Current => OpenScope.Value;

    /// <summary>Simulated duration of the last call, when the simulator reported one.</summary>
    public TimeSpan? SimulatedLatency { get; set; }

    /// <summary>Simulated time to first token of the last call, when the simulator reported one.</summary>
    public TimeSpan? SimulatedTimeToFirstToken { get; set; }

    public static SimulatedTimingScope Open(double latencyScale)
    {
        var scope = new SimulatedTimingScope(OpenScope.Value, latencyScale);
        OpenScope.Value = scope;
        return scope;
    }

    // The simulator runs on a virtual clock, so the wall time of a successful call says nothing about the latency it
    // simulated; for the rest (failures, or a server that sent no figures) wall time counts, scaled back to simulated time.
    public TimeSpan Latency(TimeSpan wallClock) => SimulatedLatency ?? Scaled(wallClock);

    public TimeSpan TimeToFirstToken(TimeSpan wallClock) => SimulatedTimeToFirstToken ?? Scaled(wallClock);

    public void Dispose()
    {
        if (ReferenceEquals(OpenScope.Value, this))
        {
            OpenScope.Value = previous;
        }
    }

    private TimeSpan Scaled(TimeSpan wallClock) => TimeSpan.FromTicks((long)(wallClock.Ticks / latencyScale));
}
