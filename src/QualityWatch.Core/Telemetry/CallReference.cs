using System.Buffers.Binary;
using System.Globalization;

namespace QualityWatch.Core.Telemetry;

/// <summary>
/// Where one call can be looked up in a tracing backend: its W3C trace id (16 bytes) and span id (8 bytes), kept as
/// numbers so that remembering the slowest call of a minute costs no allocation per span.
/// </summary>
public readonly record struct CallReference(UInt128 TraceId, ulong SpanId)
{
    /// <summary>The reference of OTLP's raw id bytes, or null when either is missing, of the wrong length or all zero
    /// (invalid per the W3C trace context).</summary>
    public static CallReference? FromBytes(ReadOnlySpan<byte> traceId, ReadOnlySpan<byte> spanId)
    {
        if (traceId.Length != 16 || spanId.Length != 8)
        {
            return null;
        }

        var reference = new CallReference(BinaryPrimitives.ReadUInt128BigEndian(traceId), BinaryPrimitives.ReadUInt64BigEndian(spanId));
        return reference.TraceId == UInt128.Zero || reference.SpanId == 0 ? null : reference;
    }

    /// <summary>The reference of hex ids (as in OTLP/JSON or an <c>Activity</c>), or null when they are not valid ids.</summary>
    public static CallReference? FromHex(string? traceId, string? spanId) =>
        traceId is { Length: 32 } && spanId is { Length: 16 }
        && UInt128.TryParse(traceId, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var trace)
        && ulong.TryParse(spanId, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var span)
        && trace != UInt128.Zero && span != 0
            ? new CallReference(trace, span)
            : null;

    /// <summary>The trace id as 32 lower-case hex digits.</summary>
    public string TraceIdHex => TraceId.ToString("x32", CultureInfo.InvariantCulture);

    /// <summary>The span id as 16 lower-case hex digits.</summary>
    public string SpanIdHex => SpanId.ToString("x16", CultureInfo.InvariantCulture);
}
