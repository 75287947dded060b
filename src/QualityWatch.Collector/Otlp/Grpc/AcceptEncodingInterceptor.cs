using Grpc.AspNetCore.Server;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace QualityWatch.Collector.Otlp.Grpc;

/// <summary>
/// Advertises the message encodings the collector reads (<c>grpc-accept-encoding: identity,gzip</c>) on every
/// response, as https://github.com/grpc/grpc/blob/master/doc/compression.md recommends: Grpc.AspNetCore sends it only
/// when it refuses an encoding, and an exporter that waits to see it before compressing would never compress.
/// </summary>
internal sealed class AcceptEncodingInterceptor : Interceptor
{
    public const string Value = "identity,gzip";

    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        Advertise(context);
        return continuation(request, context);
    }

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Advertise(context);
        return continuation(request, responseStream, context);
    }

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Advertise(context);
        return continuation(requestStream, responseStream, context);
    }

    private static void Advertise(ServerCallContext context)
    {
        var response = context.GetHttpContext().Response;
        if (!response.HasStarted)
        {
            response.Headers["grpc-accept-encoding"] = Value;
        }
    }
}
