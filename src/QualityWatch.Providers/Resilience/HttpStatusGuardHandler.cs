using System.Globalization;

namespace QualityWatch.Providers.Resilience;

/// <summary>
/// Turns every non-success response into a <see cref="ProviderHttpException"/> carrying the status and Retry-After,
/// so all three adapters classify HTTP failures the same way whatever their SDK wraps them in.
/// </summary>
internal sealed class HttpStatusGuardHandler(TimeProvider timeProvider) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        var retryAfter = RetryAfterOf(response, timeProvider.GetUtcNow());
        var status = (int)response.StatusCode;
        response.Dispose();
        throw new ProviderHttpException(status, retryAfter);
    }

    internal static TimeSpan? RetryAfterOf(HttpResponseMessage response, DateTimeOffset now)
    {
        if (response.Headers.TryGetValues("retry-after-ms", out var millis)
            && double.TryParse(millis.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var ms) && ms >= 0)
        {
            return TimeSpan.FromMilliseconds(ms);
        }

        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - now;
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }
}
