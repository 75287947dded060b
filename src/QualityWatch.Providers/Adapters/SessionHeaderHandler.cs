namespace QualityWatch.Providers.Adapters;

/// <summary>Writes the in-flight <see cref="ChatSession"/> into the configured header (<see cref="ProviderOptions.SessionHeader"/>).</summary>
internal sealed class SessionHeaderHandler(string header) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (ChatSession.InFlight is { Length: > 0 } session)
        {
            request.Headers.Remove(header);
            request.Headers.TryAddWithoutValidation(header, session);
        }

        return base.SendAsync(request, cancellationToken);
    }
}
