using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using QualityWatch.Collector.Otlp.Proto.Collector;

namespace QualityWatch.Collector.Tests.Support;

/// <summary>
/// A Grpc.Net.Client channel to a <see cref="CollectorHost"/>'s gRPC port, with the OTLP Export calls described the
/// way an exporter sees them (full protobuf messages both ways).
/// </summary>
internal sealed class OtlpGrpcClient : IDisposable
{
    public static readonly Method<ExportTraceServiceRequest, ExportTraceServiceResponse> ExportTraces =
        Unary<ExportTraceServiceRequest, ExportTraceServiceResponse>("opentelemetry.proto.collector.trace.v1.TraceService", "Export", ExportTraceServiceResponse.Parser);

    public OtlpGrpcClient(CollectorHost host) =>
        Channel = GrpcChannel.ForAddress($"http://127.0.0.1:{host.GrpcPort}");

    public GrpcChannel Channel { get; }

    public CallInvoker Invoker => Channel.CreateCallInvoker();

    /// <summary>Exports traces with <paramref name="key"/> as <c>x-api-key</c> (none when null), gzip-compressed on request.</summary>
    public AsyncUnaryCall<ExportTraceServiceResponse> ExportAsync(ExportTraceServiceRequest request, string? key = CollectorHost.IngestKey, bool gzip = false, DateTime? deadline = null)
    {
        var headers = new Metadata();
        if (key is not null)
        {
            headers.Add("x-api-key", key);
        }

        if (gzip)
        {
            // Grpc.Net.Client's documented switch for compressing one call's request messages.
            headers.Add("grpc-internal-encoding-request", "gzip");
        }

        return Invoker.AsyncUnaryCall(ExportTraces, null, new CallOptions(headers, deadline), request);
    }

    /// <summary>A unary method with any name, for calls the collector does not serve.</summary>
    public static Method<ExportTraceServiceRequest, ExportTraceServiceResponse> Unknown(string service, string method) =>
        Unary<ExportTraceServiceRequest, ExportTraceServiceResponse>(service, method, ExportTraceServiceResponse.Parser);

    public void Dispose() => Channel.Dispose();

    private static Method<TRequest, TResponse> Unary<TRequest, TResponse>(string service, string method, MessageParser<TResponse> parser)
        where TRequest : IMessage<TRequest>
        where TResponse : IMessage<TResponse> =>
        new(MethodType.Unary, service, method, Marshallers.Create(static (TRequest r) => r.ToByteArray(), static _ => throw new NotSupportedException()), Marshallers.Create(static (TResponse r) => r.ToByteArray(), parser.ParseFrom));
}
