using Grpc.AspNetCore.Server;
using Grpc.Core;
using Grpc.Core.Interceptors;
using QualityWatch.Collector.Metrics;

namespace QualityWatch.Collector.Security;

/// <summary>
/// The ingest key on OTLP/gRPC: <c>authorization: Bearer …</c> or <c>x-api-key</c> metadata, checked as on OTLP/HTTP
/// (<see cref="CollectorKeys.MayIngest"/>); a call without a valid key ends UNAUTHENTICATED before the service runs.
/// </summary>
/// <remarks>Applied to the OTLP export service only: health and reflection stay open to probes and tools.</remarks>
internal sealed class IngestKeyInterceptor(CollectorKeys keys, CollectorMetrics metrics) : Interceptor
{
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        if (!keys.MayIngest(context.GetHttpContext().Request))
        {
            (request as IDisposable)?.Dispose();
            metrics.CountRejectedRequest("unauthorized");
            throw new RpcException(new Status(StatusCode.Unauthenticated, "a valid ingest key is required (authorization: Bearer <key> or x-api-key metadata)"));
        }

        return continuation(request, context);
    }
}
