using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using QualityWatch.Collector.Otlp.Proto.Metrics;
using QualityWatch.Collector.Tests.Support;
using RpcStatus = QualityWatch.Collector.Otlp.Proto.Rpc.Status;

namespace QualityWatch.Collector.Tests.Otlp;

/// <summary>
/// Malformed metrics and logs bodies get 400 with a status body (HTTP) or INVALID_ARGUMENT (gRPC), never a crash, and
/// what was accepted before stays.
/// </summary>
public sealed class OtherSignalsBadInputTests
{
    [Theory]
    [InlineData("/v1/metrics")]
    [InlineData("/v1/logs")]
    public async Task MalformedProtobufOrJson_Returns400_AndEarlierDataSurvives(string path)
    {
        await using var host = await CollectorHost.StartAsync();
        var now = DateTimeOffset.UtcNow;
        var earlier = GenAiMetricPoints.Request(GenAiMetricPoints.Histogram("gen_ai.client.operation.duration", AggregationTemporality.Delta, GenAiMetricPoints.Point("survivor", GenAiMetricPoints.DurationBounds, [0, 1, 0, 0], 0.75, now, now)));
        Assert.Equal(HttpStatusCode.OK, (await host.Http.PostAsync(new Uri("/v1/metrics", UriKind.Relative), Spans.Protobuf(earlier))).StatusCode);

        var truncated = await host.Http.PostAsync(new Uri(path, UriKind.Relative), Spans.Protobuf([0x0A, 0xFF, 0xFF, 0x01]));
        var json = await host.Http.PostAsync(new Uri(path, UriKind.Relative), new StringContent("{\"resourceMetrics\": [", Encoding.UTF8, "application/json"));
        var wrongShape = await host.Http.PostAsync(new Uri(path, UriKind.Relative), new StringContent("{\"resourceMetrics\": 7, \"resourceLogs\": 7}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, truncated.StatusCode);
        Assert.Contains("undecodable", RpcStatus.Parser.ParseFrom(await truncated.Content.ReadAsByteArrayAsync()).Message, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, json.StatusCode);
        Assert.Contains("\"message\"", await json.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, wrongShape.StatusCode);
        Assert.Equal(1, (await host.BucketsAsync()).Single(b => b.Key.Model == "survivor").Count);
    }

    [Theory]
    [InlineData("/opentelemetry.proto.collector.metrics.v1.MetricsService/Export")]
    [InlineData("/opentelemetry.proto.collector.logs.v1.LogsService/Export")]
    public async Task GarbageGrpcMessage_ReturnsInvalidArgument(string method)
    {
        await using var host = await CollectorHost.StartAsync();
        byte[] message = [0x0A, 0xFF, 0xFF, 0x01];
        var frame = new byte[message.Length + 5];
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1, 4), (uint)message.Length);
        message.CopyTo(frame, 5);
        using var client = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"http://127.0.0.1:{host.GrpcPort}{method}")
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(frame),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        request.Headers.TryAddWithoutValidation("te", "trailers");
        request.Headers.TryAddWithoutValidation("x-api-key", CollectorHost.IngestKey);

        using var response = await client.SendAsync(request);
        await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("3", response.Headers.TryGetValues("grpc-status", out var status) ? status.First() : response.TrailingHeaders.GetValues("grpc-status").First());
    }
}
