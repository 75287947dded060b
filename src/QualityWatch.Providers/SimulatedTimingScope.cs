namespace QualityWatch.Providers;

/// <summary>Holds the simulated timing of the calls made while it is open (see <see cref="SimulatedTiming"/>).</summary>
public sealed class SimulatedTimingScope : IDisposable
{
    internal SimulatedTimingScope(SimulatedTimingScope? previous) => Previous = previous;

    /// <summary>Simulated duration of the last call, when the server reported one.</summary>
    public TimeSpan? Latency { get; internal set; }

    /// <summary>Simulated time to first token of the last call, when the server reported one.</summary>
    public TimeSpan? TimeToFirstToken { get; internal set; }

    internal SimulatedTimingScope? Previous { get; }

    /// <inheritdoc />
    public void Dispose() => SimulatedTiming.End(this);
}
