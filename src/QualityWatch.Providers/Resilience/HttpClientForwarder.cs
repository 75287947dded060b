namespace QualityWatch.Providers.Resilience;

/// <summary>Lets a caller-supplied <see cref="HttpClient"/> sit at the bottom of our own handler pipeline.</summary>
internal sealed class HttpClientForwarder(HttpClient inner) : HttpMessageHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        inner.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
}
