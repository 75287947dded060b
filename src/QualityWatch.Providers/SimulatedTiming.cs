using System.Globalization;

namespace QualityWatch.Providers;

/// <summary>
/// Latency the built-in simulator reports for a call (<c>x-sim-latency-ms</c>, <c>x-sim-ttft-ms</c> response
/// headers). The simulator runs on a virtual clock, so the time a call takes on the wall says nothing about the
/// latency it simulated; a caller that wants the simulated figures opens a scope around the call and reads them back.
/// Real providers never send these headers, so for them the scope stays empty and wall-clock timing applies.
/// </summary>
public static class SimulatedTiming
{
    private const string LatencyHeader = "x-sim-latency-ms";
    private const string TimeToFirstTokenHeader = "x-sim-ttft-ms";
    private static readonly AsyncLocal<SimulatedTimingScope?> Current = new();

    /// <summary>Starts capturing for calls made in this async flow; dispose to stop.</summary>
    public static SimulatedTimingScope Begin()
    {
        var scope = new SimulatedTimingScope(Current.Value);
        Current.Value = scope;
        return scope;
    }

    internal static void End(SimulatedTimingScope scope)
    {
        if (ReferenceEquals(Current.Value, scope))
        {
            Current.Value = scope.Previous;
        }
    }

    /// <summary>Records the simulator's timing headers of <paramref name="response"/> in the open scope, if any.</summary>
    internal static void Capture(HttpResponseMessage response)
    {
        if (Current.Value is not { } scope)
        {
            return;
        }

        if (Milliseconds(response, LatencyHeader) is { } latency)
        {
            scope.Latency = latency;
        }

        if (Milliseconds(response, TimeToFirstTokenHeader) is { } ttft)
        {
            scope.TimeToFirstToken = ttft;
        }
    }

    private static TimeSpan? Milliseconds(HttpResponseMessage response, string header) =>
        response.Headers.TryGetValues(header, out var values)
        && double.TryParse(values.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var ms)
        && ms >= 0 && double.IsFinite(ms)
            ? TimeSpan.FromMilliseconds(ms)
            : null;
}
