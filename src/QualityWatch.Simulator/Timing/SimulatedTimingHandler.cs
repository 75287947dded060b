using System.Globalization;

namespace QualityWatch.Simulator.Timing;

/// <summary>
/// Reads the latency the simulator reports for a call (<c>x-sim-latency-ms</c>, <c>x-sim-ttft-ms</c> on a successful
/// response) into the timing <see cref="SimulatedCallTimer"/> opened around it. Only compositions that point canaries
/// at the simulator add it; real providers never send these headers, and the provider adapters know nothing of them.
/// </summary>
public sealed class SimulatedTimingHandler : DelegatingHandler
{
    /// <summary>Response header with the simulated duration of the call, in milliseconds.</summary>
    public const string LatencyHeader = "x-sim-latency-ms";

    /// <summary>Response header with the simulated time to first token, in milliseconds.</summary>
    public const string TimeToFirstTokenHeader = "x-sim-ttft-ms";

    /// <summary>The handler over its own pooled sockets: the transport a composition gives <c>CanaryTarget.Create</c>.</summary>
    public SimulatedTimingHandler()
        : base(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
    {
    }

    /// <summary>The handler over <paramref name="innerHandler"/>.</summary>
    public SimulatedTimingHandler(HttpMessageHandler innerHandler)
        : base(innerHandler)
    {
    }

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode && SimulatedTimingScope.Current is { } scope)
        {
            if (Milliseconds(response, LatencyHeader) is { } latency)
            {
                scope.SimulatedLatency = latency;
            }

            if (Milliseconds(response, TimeToFirstTokenHeader) is { } ttft)
            {
                scope.SimulatedTimeToFirstToken = ttft;
            }
        }

        return response;
    }

    private static TimeSpan? Milliseconds(HttpResponseMessage response, string header) =>
        response.Headers.TryGetValues(header, out var values)
        && double.TryParse(values.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var ms)
        && ms >= 0 && double.IsFinite(ms)
            ? TimeSpan.FromMilliseconds(ms)
            : null;
}
