namespace QualityWatch.Collector;

/// <summary>What one request or span may carry; every limit rejects with a clear message and the service keeps serving.</summary>
public sealed class CollectorLimits
{
    /// <summary>Largest request body as sent (compressed or not).</summary>
    public int MaxBodyBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>Largest body after gzip decompression (a gzip bomb stops here).</summary>
    public int MaxDecompressedBytes { get; set; } = 32 * 1024 * 1024;

    /// <summary>Most attributes on one span; larger spans are rejected (partial success).</summary>
    public int MaxAttributesPerSpan { get; set; } = 256;

    /// <summary>Longest string attribute value in characters; spans with a longer one are rejected.</summary>
    public int MaxAttributeValueLength { get; set; } = 256 * 1024;

    /// <summary>Spans waiting for their commit before new requests are told to back off (429 / RESOURCE_EXHAUSTED).</summary>
    public int MaxQueuedSpans { get; set; } = 400_000;

    /// <summary>How far in the future a span may start (clock skew) before it is rejected.</summary>
    public int MaxFutureSkewMinutes { get; set; } = 60;
}
