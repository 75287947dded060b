namespace QualityWatch.Core.Canaries;

/// <summary>The timing of one call, opened by <see cref="ICallTimer.Begin"/>.</summary>
public interface ICallTiming : IDisposable
{
    /// <summary>The latency to report for the call, given the wall-clock time it took.</summary>
    TimeSpan Latency(TimeSpan wallClock);

    /// <summary>The time to first token to report, given the wall-clock time to the first streamed token.</summary>
    TimeSpan TimeToFirstToken(TimeSpan wallClock);
}
