namespace QualityWatch.Cli.Bench;

/// <summary>
/// How long and how wide <c>bench ingest</c> pushes. With <paramref name="WithContent"/>, spans carry a prompt and a
/// completion (the collector derives content features from the completion); with <paramref name="StoreContent"/>,
/// the collector also stores both (<c>collector.content.store</c>). <paramref name="Rounds"/> repeats the whole run
/// (null endpoint, collector, in-process) and reports the median ratio: one round's ratio moves ±15 % with the
/// machine's other load. Each target first runs <paramref name="WarmupSeconds"/> unmeasured, so connections are open and
/// the hottest code is compiled before measuring (the JIT keeps optimising for longer: both targets speed up over
/// later rounds, their ratio does not move). <paramref name="Grpc"/> sends OTLP/gRPC (unary <c>TraceService/Export</c>
/// over HTTP/2 without TLS) to the collector's gRPC port and to a null gRPC endpoint instead of OTLP/HTTP.
/// </summary>
internal sealed record IngestBenchmarkSettings(int Seconds, int Connections, int SpansPerRequest, bool WithContent = false, bool StoreContent = false, int Rounds = 1, int WarmupSeconds = 2, bool Grpc = false)
{
    /// <summary>The OTLP/gRPC method path (<c>opentelemetry.proto.collector.trace.v1.TraceService/Export</c>).</summary>
    public const string GrpcExportPath = "/opentelemetry.proto.collector.trace.v1.TraceService/Export";

    public string ProtocolName => Grpc ? "OTLP/gRPC" : "OTLP/HTTP protobuf";
}
