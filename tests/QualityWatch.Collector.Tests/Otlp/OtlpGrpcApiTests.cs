using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;
using QualityWatch.Collector.Otlp.Proto.Collector;
using QualityWatch.Collector.Tests.Support;

namespace QualityWatch.Collector.Tests.Otlp;

/// <summary>The hand-written gRPC unary call over HTTP/2 cleartext, driven with raw HTTP/2 requests.</summary>
public sealed class OtlpGrpcApiTests
{
    [Fact]
    public async Task Export_ValidMessage_ReturnsFramedResponseAndStatusZeroTrailer()
    {
        await using var host = await CollectorHost.StartAsync();
        var (status, message, body) = await ExportAsync(host.GrpcPort, Frame(Spans.Request(Spans.Llm(model: "grpc-raw"), Spans.Plain()).ToByteArray()), CollectorHost.IngestKey);
        Assert.Equal("0", status);
        Assert.Null(message);
        Assert.Equal(body.Length - 5, (int)BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(1, 4)));
        Assert.Null(ExportTraceServiceResponse.Parser.ParseFrom(body.AsSpan(5)).PartialSuccess);
        Assert.Single(await host.BucketsAsync(), b => b.Key.Model == "grpc-raw");
    }

    [Fact]
    public async Task Export_GarbageMessage_ReturnsInvalidArgument()
    {
        await using var host = await CollectorHost.StartAsync();
        var (status, message, _) = await ExportAsync(host.GrpcPort, Frame([0x0A, 0xFF, 0xFF, 0x01]), CollectorHost.IngestKey);
        Assert.Equal("3", status);
        Assert.Contains("undecodable", message!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_WithoutKey_ReturnsUnauthenticated()
    {
        await using var host = await CollectorHost.StartAsync();
        var (status, _, _) = await ExportAsync(host.GrpcPort, Frame(Spans.Request(Spans.Llm()).ToByteArray()), apiKey: null);
        Assert.Equal("16", status);
    }

    [Fact]
    public async Task Export_UnderBackpressure_ReturnsResourceExhaustedAndHttpReturns429WithRetryAfter()
    {
        await using var host = await CollectorHost.StartAsync(new Dictionary<string, string?> { ["Collector:Limits:MaxQueuedSpans"] = "0" });
        var (status, _, _) = await ExportAsync(host.GrpcPort, Frame(Spans.Request(Spans.Llm()).ToByteArray()), CollectorHost.IngestKey);
        Assert.Equal("8", status);

        var response = await host.Http.PostAsync("/v1/traces", Spans.Protobuf(Spans.Request(Spans.Llm())));
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
    }

    private static byte[] Frame(byte[] message)
    {
        var frame = new byte[message.Length + 5];
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1, 4), (uint)message.Length);
        message.CopyTo(frame, 5);
        return frame;
    }

    private static async Task<(string? Status, string? Message, byte[] Body)> ExportAsync(int port, byte[] frame, string? apiKey)
    {
        using var client = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"http://127.0.0.1:{port}/opentelemetry.proto.collector.trace.v1.TraceService/Export")
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(frame),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        request.Headers.TryAddWithoutValidation("te", "trailers");
        if (apiKey is not null)
        {
            request.Headers.TryAddWithoutValidation("x-api-key", apiKey);
        }

        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        string? Header(string name) =>
            response.TrailingHeaders.TryGetValues(name, out var trailer) ? trailer.First()
            : response.Headers.TryGetValues(name, out var header) ? header.First() : null;
        var message = Header("grpc-message");
        return (Header("grpc-status"), message is null ? null : Uri.UnescapeDataString(message), body);
    }
}
