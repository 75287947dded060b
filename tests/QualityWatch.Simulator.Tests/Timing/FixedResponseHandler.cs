using System.Net;

namespace QualityWatch.Simulator.Tests.Timing;

/// <summary>Answers every request with <paramref name="status"/> and the given response headers.</summary>
internal sealed class FixedResponseHandler(HttpStatusCode status, params (string Name, string Value)[] headers) : HttpMessageHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = new HttpResponseMessage(status) { RequestMessage = request };
        foreach (var (name, value) in headers)
        {
            response.Headers.Add(name, value);
        }

        return Task.FromResult(response);
    }
}
