namespace QualityWatch.Providers;

/// <summary>The <c>error.type</c> values for failures without an HTTP status.</summary>
public static class ProviderErrorTypes
{
    /// <summary>The attempt took longer than the configured timeout.</summary>
    public const string Timeout = "timeout";

    /// <summary>The circuit breaker is open: the call was not attempted.</summary>
    public const string CircuitOpen = "circuit_open";

    /// <summary>Connection refused, reset, DNS or TLS failure.</summary>
    public const string Transport = "transport";

    /// <summary>The server answered 2xx with a body the adapter could not read.</summary>
    public const string MalformedResponse = "malformed_response";

    /// <summary>Anything else.</summary>
    public const string Unknown = "_OTHER";
}
