using QualityWatch.Simulator.Engine;

namespace QualityWatch.Simulator.Apis;

/// <summary>What every endpoint shares: the engine, the virtual clock and the real-time latency scale.</summary>
internal sealed class SimulatorRuntime(ModelEngine engine, VirtualClock clock, double latencyScale)
{
    public ModelEngine Engine { get; } = engine;

    public VirtualClock Clock { get; } = clock;

    public double LatencyScale { get; } = latencyScale;

    public SimulatorState State() => Engine.State(Clock.GetUtcNow(), Clock.StartTime, Clock.Speed);

    /// <summary>Sleeps the real-time share of a simulated duration; nothing when the scale is 0.</summary>
    public Task SleepAsync(TimeSpan simulated, CancellationToken cancellationToken)
    {
        var real = simulated * LatencyScale;
        return real >= TimeSpan.FromMilliseconds(1) ? Task.Delay(real, cancellationToken) : Task.CompletedTask;
    }

    /// <summary>A pacer for streamed chunks: spreads the post-first-token time over the chunks, sleeping only in
    /// steps of at least 15 ms (timer resolution) so tiny scales do not turn into one timer tick per chunk.</summary>
    public StreamPacer Pacer(SimulatedReply reply, int chunks) =>
        new(this, chunks <= 1 ? TimeSpan.Zero : (reply.Latency - reply.TimeToFirstToken) / Math.Max(1, chunks - 1));
}
