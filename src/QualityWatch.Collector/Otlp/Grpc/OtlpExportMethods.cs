using Google.Protobuf;
using Grpc.Core;
using QualityWatch.Collector.Otlp.Proto.Collector;

namespace QualityWatch.Collector.Otlp.Grpc;

/// <summary>
/// The three OTLP/gRPC unary calls (https://opentelemetry.io/docs/specs/otlp/#otlpgrpc): requests through the raw
/// <see cref="ExportPayload.Marshaller"/>, responses as the generated protobuf messages.
/// </summary>
internal static class OtlpExportMethods
{
    public static Method<ExportPayload, ExportTraceServiceResponse> Traces { get; } =
        Unary("opentelemetry.proto.collector.trace.v1.TraceService", ExportTraceServiceResponse.Parser);

    public static Method<ExportPayload, ExportMetricsServiceResponse> Metrics { get; } =
        Unary("opentelemetry.proto.collector.metrics.v1.MetricsService", ExportMetricsServiceResponse.Parser);

    public static Method<ExportPayload, ExportLogsServiceResponse> Logs { get; } =
        Unary("opentelemetry.proto.collector.logs.v1.LogsService", ExportLogsServiceResponse.Parser);

    /// <summary>The fully qualified service names, as gRPC health and reflection name them.</summary>
    public static IReadOnlyList<string> ServiceNames { get; } = [Traces.ServiceName, Metrics.ServiceName, Logs.ServiceName];

    private static Method<ExportPayload, TResponse> Unary<TResponse>(string service, MessageParser<TResponse> parser)
        where TResponse : class, IMessage<TResponse> =>
        new(MethodType.Unary, service, "Export", ExportPayload.Marshaller, Marshallers.Create(static response => response.ToByteArray(), parser.ParseFrom));
}
