namespace QualityWatch.Storage.Telemetry;

/// <summary>The store could not make a batch durable; the collector answers "unavailable, retry later".</summary>
public sealed class TelemetryStoreUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TelemetryStoreUnavailableException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public TelemetryStoreUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the database error behind it.</summary>
    public TelemetryStoreUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
