namespace QualityWatch.Simulator.Tests.TestSupport;

/// <summary>Remembers the simulation headers of the last response, so SDK-driven tests can read the ground truth
/// (pool, simulated latency) the SDKs do not surface.</summary>
internal sealed class RecordingHandler() : DelegatingHandler(new SocketsHttpHandler())
{
    public string? LastPool { get; private set; }

    public double? LastLatencyMs { get; private set; }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        LastPool = response.Headers.TryGetValues("x-sim-pool", out var pool) ? pool.Single() : null;
        LastLatencyMs = response.Headers.TryGetValues("x-sim-latency-ms", out var latency)
            ? double.Parse(latency.Single(), System.Globalization.CultureInfo.InvariantCulture)
            : null;
        return response;
    }
}
