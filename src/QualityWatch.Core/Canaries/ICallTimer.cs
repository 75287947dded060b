namespace QualityWatch.Core.Canaries;

/// <summary>
/// How a canary call's latency and time to first token are measured. The canary runner times each call on the wall
/// clock and asks the timer what to report; the default reports the wall clock. A host whose provider runs on a
/// virtual clock (the demo's simulator) supplies a timer that reports the provider's own figures instead.
/// </summary>
public interface ICallTimer
{
    /// <summary>Opens the timing of one call, made in the caller's async flow; dispose it when the call is done.</summary>
    ICallTiming Begin();
}
