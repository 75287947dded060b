using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace QualityWatch.Collector;

/// <summary>The ports the collector actually listens on (useful when configured as 0): read after the app started.</summary>
public sealed class CollectorEndpoints
{
    internal ListenOptions? Http { get; set; }

    internal ListenOptions? Grpc { get; set; }

    /// <summary>The OTLP/HTTP, metrics and health port.</summary>
    public int HttpPort => Http?.IPEndPoint?.Port ?? 0;

    /// <summary>The OTLP/gRPC port; 0 when gRPC is disabled.</summary>
    public int GrpcPort => Grpc?.IPEndPoint?.Port ?? 0;
}
