using System.Buffers.Binary;
using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using QualityWatch.Collector.GenAiEvents;
using QualityWatch.Collector.GenAiMetrics;
using QualityWatch.Collector.Ingest;
using QualityWatch.Collector.Metrics;
using QualityWatch.Collector.Otlp.Proto.Collector;
using QualityWatch.Collector.Security;

namespace QualityWatch.Collector.Otlp;

/// <summary>
/// OTLP/gRPC trace ingestion served by hand on Kestrel (no gRPC server library is available here): the unary
/// <c>TraceService/Export</c> call over HTTP/2 cleartext, with the gRPC wire format of
/// https://github.com/grpc/grpc/blob/master/doc/PROTOCOL-HTTP2.md — a 5-byte prefix (compressed flag, big-endian
/// length) before the message and the status in <c>grpc-status</c>/<c>grpc-message</c> trailers.
/// </summary>
/// <remarks>
/// <c>MetricsService/Export</c> and <c>LogsService/Export</c> are received under the same rules and read as on
/// OTLP/HTTP (see <see cref="OtlpHttpApi"/>). Any other method gets HTTP 404, which gRPC clients report as
/// UNIMPLEMENTED.
/// </remarks>
internal static class OtlpGrpcApi
{
    public const string ExportPath = "/opentelemetry.proto.collector.trace.v1.TraceService/Export";
    public const string MetricsExportPath = "/opentelemetry.proto.collector.metrics.v1.MetricsService/Export";
    public const string LogsExportPath = "/opentelemetry.proto.collector.logs.v1.LogsService/Export";

    private const int Ok = 0;
    private const int InvalidArgument = 3;
    private const int ResourceExhausted = 8;
    private const int Unimplemented = 12;
    private const int Unavailable = 14;
    private const int Unauthenticated = 16;

    public static IEndpointRouteBuilder MapOtlpGrpcApi(this IEndpointRouteBuilder app)
    {
        app.MapPost(ExportPath, HandleAsync);
        app.MapPost(MetricsExportPath, HandleMetricsAsync);
        app.MapPost(LogsExportPath, HandleLogsAsync);
        return app;
    }

    private static async Task HandleAsync(HttpContext context)
    {
        var (received, inflated) = await ReceiveAsync(context);
        if (received is null)
        {
            return;
        }

        using var frame = received;
        using var decompressed = inflated;
        var services = context.RequestServices;
        var metrics = services.GetRequiredService<CollectorMetrics>();
        var outcome = await services.GetRequiredService<IngestPipeline>().IngestProtobufAsync(inflated is null ? received.Span[5..] : inflated.Span, CancellationToken.None);
        if (outcome.Status == IngestStatus.Malformed)
        {
            metrics.CountRejectedRequest("malformed");
            TrailersOnly(context, InvalidArgument, $"undecodable ExportTraceServiceRequest: {outcome.Message}");
            return;
        }

        if (outcome.Status != IngestStatus.Stored)
        {
            TrailersOnly(context, outcome.Status == IngestStatus.Backpressure ? ResourceExhausted : Unavailable, outcome.Message!);
            return;
        }

        var response = new ExportTraceServiceResponse();
        if (outcome.Rejected > 0)
        {
            response.PartialSuccess = new ExportTracePartialSuccess { RejectedSpans = outcome.Rejected, ErrorMessage = outcome.Message ?? string.Empty };
        }

        await WriteOkAsync(context, response.ToByteArray());
    }

    private static async Task HandleMetricsAsync(HttpContext context)
    {
        var request = await ReceiveMessageAsync(context, ExportMetricsServiceRequest.Parser);
        if (request is null)
        {
            return;
        }

        var outcome = await context.RequestServices.GetRequiredService<GenAiMetricsIngester>().IngestAsync(request, CancellationToken.None);
        await AnswerAsync(context, outcome, () =>
            new ExportMetricsServiceResponse { PartialSuccess = new ExportMetricsPartialSuccess { RejectedDataPoints = outcome.Rejected, ErrorMessage = outcome.Message ?? string.Empty } });
    }

    private static async Task HandleLogsAsync(HttpContext context)
    {
        var request = await ReceiveMessageAsync(context, ExportLogsServiceRequest.Parser);
        if (request is null)
        {
            return;
        }

        var outcome = await context.RequestServices.GetRequiredService<GenAiEventIngester>().IngestAsync(request, CancellationToken.None);
        await AnswerAsync(context, outcome, () =>
            new ExportLogsServiceResponse { PartialSuccess = new ExportLogsPartialSuccess { RejectedLogRecords = outcome.Rejected, ErrorMessage = outcome.Message ?? string.Empty } });
    }

    /// <summary>The decoded request message, or null when a response was already given (refused, undecodable).</summary>
    private static async Task<T?> ReceiveMessageAsync<T>(HttpContext context, MessageParser<T> parser)
        where T : class, IMessage<T>
    {
        var (received, inflated) = await ReceiveAsync(context);
        if (received is null)
        {
            return null;
        }

        using var frame = received;
        using var decompressed = inflated;
        try
        {
            return parser.ParseFrom(inflated is null ? received.Span[5..] : inflated.Span);
        }
        catch (InvalidProtocolBufferException exception)
        {
            context.RequestServices.GetRequiredService<CollectorMetrics>().CountRejectedRequest("malformed");
            TrailersOnly(context, InvalidArgument, $"undecodable {typeof(T).Name}: {exception.Message}");
            return null;
        }
    }

    /// <summary>Answers a read request: a retry status, or OK with the partial success <paramref name="partial"/> builds when some items were rejected.</summary>
    private static Task AnswerAsync(HttpContext context, IngestOutcome outcome, Func<IMessage> partial)
    {
        if (outcome.Status != IngestStatus.Stored)
        {
            TrailersOnly(context, outcome.Status == IngestStatus.Backpressure ? ResourceExhausted : Unavailable, outcome.Message!);
            return Task.CompletedTask;
        }

        // An empty Export*ServiceResponse (no partial_success) is a zero-length message.
        return WriteOkAsync(context, outcome.Rejected > 0 ? partial().ToByteArray() : []);
    }

    /// <summary>
    /// Checks the protocol, key and framing and reads the one message: the received frame and, when the message was
    /// compressed, its inflated bytes (the caller disposes both). A null frame means a response was already given.
    /// </summary>
    private static async Task<(RequestBuffer? Frame, RequestBuffer? Inflated)> ReceiveAsync(HttpContext context)
    {
        var services = context.RequestServices;
        var metrics = services.GetRequiredService<CollectorMetrics>();
        var limits = services.GetRequiredService<IOptions<CollectorOptions>>().Value.Limits;
        var request = context.Request;
        if (!HttpProtocol.IsHttp2(request.Protocol) || request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) != true)
        {
            metrics.CountRejectedRequest("unsupported_media_type");
            context.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
            return (null, null);
        }

        context.Response.ContentType = "application/grpc";
        if (!services.GetRequiredService<CollectorKeys>().MayIngest(request))
        {
            metrics.CountRejectedRequest("unauthorized");
            TrailersOnly(context, Unauthenticated, "a valid ingest key is required (authorization: Bearer <key> or x-api-key metadata)");
            return (null, null);
        }

        RequestBuffer? body;
        try
        {
            body = await RequestBody.ReadAsync(request, limits.MaxBodyBytes + 5, context.RequestAborted);
        }
        catch (Exception exception) when (exception is IOException or OperationCanceledException or BadHttpRequestException)
        {
            return (null, null);
        }

        if (body is null)
        {
            metrics.CountRejectedRequest("too_large");
            TrailersOnly(context, ResourceExhausted, $"message exceeds {limits.MaxBodyBytes} bytes");
            return (null, null);
        }

        var received = body;
        if (received.Length < 5 || BinaryPrimitives.ReadUInt32BigEndian(received.Span.Slice(1, 4)) != received.Length - 5)
        {
            received.Dispose();
            metrics.CountRejectedRequest("malformed");
            TrailersOnly(context, InvalidArgument, "expected exactly one length-prefixed export request");
            return (null, null);
        }

        RequestBuffer? inflated = null;
        if (received.Span[0] == 1)
        {
            string? refusal = null;
            if (!string.Equals(request.Headers["grpc-encoding"].ToString(), "gzip", StringComparison.OrdinalIgnoreCase))
            {
                metrics.CountRejectedRequest("unsupported_media_type");
                TrailersOnly(context, Unimplemented, refusal = "only gzip message compression is supported");
            }
            else
            {
                try
                {
                    inflated = await RequestBody.GunzipAsync(received.Array, 5, received.Length - 5, limits.MaxDecompressedBytes, context.RequestAborted);
                    if (inflated is null)
                    {
                        metrics.CountRejectedRequest("too_large");
                        TrailersOnly(context, ResourceExhausted, refusal = $"decompressed message exceeds {limits.MaxDecompressedBytes} bytes");
                    }
                }
                catch (InvalidDataException)
                {
                    metrics.CountRejectedRequest("malformed");
                    TrailersOnly(context, InvalidArgument, refusal = "message is not valid gzip");
                }
            }

            if (refusal is not null)
            {
                received.Dispose();
                return (null, null);
            }
        }

        return (received, inflated);
    }

    private static async Task WriteOkAsync(HttpContext context, byte[] payload)
    {
        var frame = new byte[5 + payload.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1, 4), (uint)payload.Length);
        payload.CopyTo(frame, 5);
        context.Response.StatusCode = StatusCodes.Status200OK;
        await context.Response.Body.WriteAsync(frame);
        context.Response.AppendTrailer("grpc-status", Ok.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>An error as a "trailers-only" response: the status travels in the only HEADERS frame.</summary>
    private static void TrailersOnly(HttpContext context, int code, string message)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.Headers["grpc-status"] = code.ToString(System.Globalization.CultureInfo.InvariantCulture);
        context.Response.Headers["grpc-message"] = Uri.EscapeDataString(message);
    }
}
