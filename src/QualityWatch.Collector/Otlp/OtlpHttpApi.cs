using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using QualityWatch.Collector.GenAiEvents;
using QualityWatch.Collector.GenAiMetrics;
using QualityWatch.Collector.Ingest;
using QualityWatch.Collector.Metrics;
using QualityWatch.Collector.Otlp.Proto.Collector;
using QualityWatch.Collector.Security;
using RpcStatus = QualityWatch.Collector.Otlp.Proto.Rpc.Status;

namespace QualityWatch.Collector.Otlp;

/// <summary>
/// OTLP/HTTP ingestion (https://opentelemetry.io/docs/specs/otlp/#otlphttp): <c>POST /v1/traces</c>,
/// <c>/v1/metrics</c> (GenAI client metrics, see <see cref="GenAiMetricsIngester"/>) and <c>/v1/logs</c> (GenAI
/// output events, see <see cref="GenAiEventIngester"/>) with protobuf or JSON bodies, optionally gzip. Errors carry a
/// <c>google.rpc.Status</c> in the request's encoding, as the specification requires (not problem details: OTLP
/// clients parse this body).
/// </summary>
internal static class OtlpHttpApi
{
    public const string TracesPath = "/v1/traces";
    public const string MetricsPath = "/v1/metrics";
    public const string LogsPath = "/v1/logs";
    private const string Protobuf = "application/x-protobuf";
    private const string Json = "application/json";

    public static IEndpointRouteBuilder MapOtlpHttpApi(this IEndpointRouteBuilder app)
    {
        app.MapPost(TracesPath, HandleAsync);
        app.MapPost(MetricsPath, HandleMetricsAsync);
        app.MapPost(LogsPath, HandleLogsAsync);
        return app;
    }

    private static async Task HandleAsync(HttpContext context)
    {
        var (body, json) = await ReceiveAsync(context);
        if (body is null)
        {
            return;
        }

        var services = context.RequestServices;
        var pipeline = services.GetRequiredService<IngestPipeline>();
        var metrics = services.GetRequiredService<CollectorMetrics>();
        using var received = body;
        IngestOutcome outcome;
        if (json)
        {
            ExportTraceServiceRequest export;
            try
            {
                export = OtlpJson.ParseRequest(received.Span);
            }
            catch (Exception exception) when (exception is InvalidProtocolBufferException or FormatException)
            {
                metrics.CountRejectedRequest("malformed");
                await WriteStatusAsync(context, StatusCodes.Status400BadRequest, 3, $"undecodable ExportTraceServiceRequest: {Short(exception.Message)}", json);
                return;
            }

            outcome = await pipeline.IngestAsync(export, CancellationToken.None);
        }
        else
        {
            outcome = await pipeline.IngestProtobufAsync(received.Span, CancellationToken.None);
        }

        switch (outcome.Status)
        {
            case IngestStatus.Malformed:
                metrics.CountRejectedRequest("malformed");
                await WriteStatusAsync(context, StatusCodes.Status400BadRequest, 3, $"undecodable ExportTraceServiceRequest: {Short(outcome.Message!)}", json);
                return;
            default:
                await WriteOutcomeAsync(context, outcome, json, () =>
                    new ExportTraceServiceResponse { PartialSuccess = new ExportTracePartialSuccess { RejectedSpans = outcome.Rejected, ErrorMessage = outcome.Message ?? string.Empty } });
                return;
        }
    }

    private static async Task HandleMetricsAsync(HttpContext context)
    {
        var (request, json) = await DecodeAsync(context, nameof(ExportMetricsServiceRequest), static (bytes, json) =>
            json ? OtlpJson.ParseMetricsRequest(bytes) : ExportMetricsServiceRequest.Parser.ParseFrom(bytes));
        if (request is null)
        {
            return;
        }

        var outcome = await context.RequestServices.GetRequiredService<GenAiMetricsIngester>().IngestAsync(request, CancellationToken.None);
        await WriteOutcomeAsync(context, outcome, json, () =>
            new ExportMetricsServiceResponse { PartialSuccess = new ExportMetricsPartialSuccess { RejectedDataPoints = outcome.Rejected, ErrorMessage = outcome.Message ?? string.Empty } });
    }

    private static async Task HandleLogsAsync(HttpContext context)
    {
        var (request, json) = await DecodeAsync(context, nameof(ExportLogsServiceRequest), static (bytes, json) =>
            json ? OtlpJson.ParseLogsRequest(bytes) : ExportLogsServiceRequest.Parser.ParseFrom(bytes));
        if (request is null)
        {
            return;
        }

        var outcome = await context.RequestServices.GetRequiredService<GenAiEventIngester>().IngestAsync(request, CancellationToken.None);
        await WriteOutcomeAsync(context, outcome, json, () =>
            new ExportLogsServiceResponse { PartialSuccess = new ExportLogsPartialSuccess { RejectedLogRecords = outcome.Rejected, ErrorMessage = outcome.Message ?? string.Empty } });
    }

    /// <summary>Receives and decodes a metrics or logs export (protobuf or JSON); an undecodable body is answered with
    /// 400 here and gives null.</summary>
    private static async Task<(T? Request, bool Json)> DecodeAsync<T>(HttpContext context, string name, Func<ReadOnlySpan<byte>, bool, T> parse)
        where T : class
    {
        var (body, json) = await ReceiveAsync(context);
        if (body is null)
        {
            return (null, json);
        }

        using (body)
        {
            try
            {
                return (parse(body.Span, json), json);
            }
            catch (Exception exception) when (exception is InvalidProtocolBufferException or FormatException)
            {
                context.RequestServices.GetRequiredService<CollectorMetrics>().CountRejectedRequest("malformed");
                await WriteStatusAsync(context, StatusCodes.Status400BadRequest, 3, $"undecodable {name}: {Short(exception.Message)}", json);
                return (null, json);
            }
        }
    }

    /// <summary>
    /// Answers a read request: retry statuses, or success with the partial success that <paramref name="partial"/>
    /// builds when some items were rejected (an empty response otherwise).
    /// </summary>
    private static Task WriteOutcomeAsync(HttpContext context, IngestOutcome outcome, bool json, Func<IMessage> partial)
    {
        switch (outcome.Status)
        {
            case IngestStatus.Backpressure:
                context.Response.Headers.RetryAfter = "1";
                return WriteStatusAsync(context, StatusCodes.Status429TooManyRequests, 8, outcome.Message!, json);
            case IngestStatus.Unavailable:
                context.Response.Headers.RetryAfter = "5";
                return WriteStatusAsync(context, StatusCodes.Status503ServiceUnavailable, 14, outcome.Message!, json);
            default:
                return outcome.Rejected > 0
                    ? WriteMessageAsync(context, StatusCodes.Status200OK, partial(), json)
                    : WriteEmptyAsync(context, json);
        }
    }

    /// <summary>
    /// Checks the key, media type and encoding and reads the (decompressed) body; null when a response was already
    /// written (refused, too large, broken).
    /// </summary>
    private static async Task<(RequestBuffer? Body, bool Json)> ReceiveAsync(HttpContext context)
    {
        var services = context.RequestServices;
        var metrics = services.GetRequiredService<CollectorMetrics>();
        var limits = services.GetRequiredService<IOptions<CollectorOptions>>().Value.Limits;
        var request = context.Request;
        var mediaType = request.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
        var json = mediaType == Json;

        if (!services.GetRequiredService<CollectorKeys>().MayIngest(request))
        {
            metrics.CountRejectedRequest("unauthorized");
            context.Response.Headers.WWWAuthenticate = "Bearer";
            await WriteStatusAsync(context, StatusCodes.Status401Unauthorized, 16, "a valid ingest key is required (Authorization: Bearer <key> or x-api-key)", json);
            return (null, json);
        }

        if (mediaType is not (Protobuf or Json))
        {
            metrics.CountRejectedRequest("unsupported_media_type");
            await WriteStatusAsync(context, StatusCodes.Status415UnsupportedMediaType, 3, $"Content-Type must be {Protobuf} or {Json}", json: false);
            return (null, json);
        }

        var encoding = request.Headers.ContentEncoding.ToString().Trim().ToLowerInvariant();
        if (encoding is not ("" or "identity" or "gzip"))
        {
            metrics.CountRejectedRequest("unsupported_media_type");
            await WriteStatusAsync(context, StatusCodes.Status415UnsupportedMediaType, 3, "Content-Encoding must be gzip or identity", json);
            return (null, json);
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            sizeFeature.MaxRequestBodySize = null;
        }

        RequestBuffer? body;
        try
        {
            body = await RequestBody.ReadAsync(request, limits.MaxBodyBytes, context.RequestAborted);
            if (body is not null && encoding == "gzip")
            {
                using var compressed = body;
                body = await RequestBody.GunzipAsync(compressed.Array, 0, compressed.Length, limits.MaxDecompressedBytes, context.RequestAborted);
                if (body is null)
                {
                    metrics.CountRejectedRequest("too_large");
                    await WriteStatusAsync(context, StatusCodes.Status413RequestEntityTooLarge, 8, $"decompressed body exceeds {limits.MaxDecompressedBytes} bytes", json);
                    return (null, json);
                }
            }
        }
        catch (InvalidDataException)
        {
            metrics.CountRejectedRequest("malformed");
            await WriteStatusAsync(context, StatusCodes.Status400BadRequest, 3, "body is not valid gzip", json);
            return (null, json);
        }
        catch (Exception exception) when (exception is IOException or OperationCanceledException or BadHttpRequestException)
        {
            // The client went away or sent a broken body; there is nobody to answer properly.
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return (null, json);
        }

        if (body is null)
        {
            metrics.CountRejectedRequest("too_large");
            await WriteStatusAsync(context, StatusCodes.Status413RequestEntityTooLarge, 8, $"body exceeds {limits.MaxBodyBytes} bytes", json);
            return (null, json);
        }

        return (body, json);
    }

    /// <summary>An empty Export*ServiceResponse (no partial_success): zero bytes in protobuf, {} in JSON.</summary>
    private static async Task WriteEmptyAsync(HttpContext context, bool json)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = json ? Json : Protobuf;
        if (json)
        {
            await context.Response.WriteAsync("{}");
        }
    }

    private static string Short(string message) => message.Length <= 200 ? message : message[..200] + "…";

    private static Task WriteStatusAsync(HttpContext context, int httpStatus, int grpcCode, string message, bool json) =>
        WriteMessageAsync(context, httpStatus, new RpcStatus { Code = grpcCode, Message = message }, json);

    private static async Task WriteMessageAsync(HttpContext context, int httpStatus, IMessage message, bool json)
    {
        context.Response.StatusCode = httpStatus;
        if (json)
        {
            context.Response.ContentType = Json;
            await context.Response.WriteAsync(OtlpJson.Format(message));
        }
        else
        {
            context.Response.ContentType = Protobuf;
            await context.Response.Body.WriteAsync(message.ToByteArray());
        }
    }
}
