namespace QualityWatch.Providers.Resilience;

/// <summary>A non-success HTTP status, raised by <see cref="HttpStatusGuardHandler"/> before any SDK sees the response.</summary>
internal sealed class ProviderHttpException(int statusCode, TimeSpan? retryAfter)
    : Exception($"HTTP {statusCode}")
{
    public int StatusCode { get; } = statusCode;

    public TimeSpan? RetryAfter { get; } = retryAfter;

    public bool IsTransient => StatusCode is 408 or 429 or >= 500;
}
