using QualityWatch.Core.Canaries;

namespace QualityWatch.Canaries.Running;

/// <summary>Reports what the wall clock measured: the timer for real providers.</summary>
internal sealed class WallClockCallTimer : ICallTimer, ICallTiming
{
    public static WallClockCallTimer Instance { get; } = new();

    public ICallTiming Begin() => this;

    public TimeSpan Latency(TimeSpan wallClock) => wallClock;

    public TimeSpan TimeToFirstToken(TimeSpan wallClock) => wallClock;

    public void Dispose()
    {
    }
}
