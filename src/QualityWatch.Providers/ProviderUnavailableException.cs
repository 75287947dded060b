namespace QualityWatch.Providers;

/// <summary>
/// A call that failed at the transport or HTTP level, after retries: an availability failure, never a quality one.
/// The message never contains request headers, bodies or keys.
/// </summary>
public sealed class ProviderUnavailableException : Exception
{
    public ProviderUnavailableException()
        : this("provider", ProviderErrorTypes.Unknown, null)
    {
    }

    public ProviderUnavailableException(string message)
        : this("provider", ProviderErrorTypes.Unknown, null, message)
    {
    }

    public ProviderUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
        Provider = "provider";
        ErrorType = ProviderErrorTypes.Unknown;
    }

    public ProviderUnavailableException(string provider, string errorType, int? statusCode, string? message = null, Exception? innerException = null)
        : base(message ?? $"{provider} unavailable: {errorType}", innerException)
    {
        Provider = provider;
        ErrorType = errorType;
        StatusCode = statusCode;
    }

    /// <summary>Configured provider name.</summary>
    public string Provider { get; }

    /// <summary>Low-cardinality error type (<c>503</c>, <c>timeout</c>, <c>circuit_open</c>…), as used for <c>error.type</c>.</summary>
    public string ErrorType { get; }

    /// <summary>HTTP status, when the server answered.</summary>
    public int? StatusCode { get; }
}
