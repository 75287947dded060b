using System.Buffers;
using Grpc.Core;

namespace QualityWatch.Collector.Otlp.Grpc;

/// <summary>
/// The bytes of one OTLP/gRPC export message (inflated when it came gzip-compressed), not decoded: the trace export
/// goes to the fast reader, which walks the bytes themselves. Dispose returns the pooled array.
/// </summary>
/// <remarks>
/// Grpc.AspNetCore lends the payload only for the duration of the deserializer, while the call's interceptors (the
/// ingest key) run after it: the bytes are copied once into a pooled buffer, as OTLP/HTTP reads its body. A call that
/// fails before the service disposes the payload leaves its array to the garbage collector, which the pool tolerates.
/// </remarks>
internal sealed class ExportPayload : IDisposable
{
    private readonly RequestBuffer _buffer;

    private ExportPayload(RequestBuffer buffer) => _buffer = buffer;

    public ReadOnlySpan<byte> Span => _buffer.Span;

    /// <summary>The raw marshaller: copies the message and decodes nothing.</summary>
    public static Marshaller<ExportPayload> Marshaller { get; } = new(
        static (payload, context) => context.Complete(payload.Span.ToArray()),
        static context => Read(context));

    private static ExportPayload Read(DeserializationContext context)
    {
        var sequence = context.PayloadAsReadOnlySequence();
        var buffer = new RequestBuffer(checked((int)sequence.Length));
        sequence.CopyTo(buffer.Array.AsSpan());
        buffer.Length = (int)sequence.Length;
        return new ExportPayload(buffer);
    }

    public void Dispose() => _buffer.Dispose();
}
