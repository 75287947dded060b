using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Google.Protobuf;
using QualityWatch.Collector.Otlp.Proto.Collector;
using QualityWatch.Collector.Otlp.Proto.Common;
using QualityWatch.Collector.Otlp.Proto.Logs;
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

    [Fact]
    public async Task MutatedMetricsAndLogs_AreAnswered200Or400_AndEarlierDataSurvives()
    {
        await using var host = await CollectorHost.StartAsync();
        var now = DateTimeOffset.UtcNow;
        var earlier = GenAiMetricPoints.Request(GenAiMetricPoints.Histogram("gen_ai.client.operation.duration", AggregationTemporality.Delta, GenAiMetricPoints.Point("before-fuzz", GenAiMetricPoints.DurationBounds, [0, 1, 0, 0], 0.75, now, now)));
        Assert.Equal(HttpStatusCode.OK, (await host.Http.PostAsync(new Uri("/v1/metrics", UriKind.Relative), Spans.Protobuf(earlier))).StatusCode);

        var exponential = new Metric
        {
            Name = "gen_ai.client.operation.time_to_first_chunk",
            ExponentialHistogram = new ExponentialHistogram
            {
                AggregationTemporality = AggregationTemporality.Cumulative,
                DataPoints =
                {
                    new ExponentialHistogramDataPoint
                    {
                        StartTimeUnixNano = Spans.Nanos(now), TimeUnixNano = Spans.Nanos(now), Count = 2, Sum = 0.3, Scale = 3, ZeroCount = 1,
                        Positive = new ExponentialHistogramDataPoint.Types.Buckets { Offset = -20, BucketCounts = { 1 } },
                        Attributes = { Spans.Attr("gen_ai.system", "openai"), Spans.Attr("gen_ai.request.model", "fuzz") },
                    },
                },
            },
        };
        var metrics = GenAiMetricPoints.Request(
            GenAiMetricPoints.Histogram("gen_ai.client.token.usage", AggregationTemporality.Cumulative, GenAiMetricPoints.Point("fuzz", [1, 4, 16], [0, 1, 2, 0], 20, now, now, Spans.Attr("gen_ai.token.type", "input"))),
            exponential).ToByteArray();
        var choice = new LogRecord { TimeUnixNano = Spans.Nanos(now), EventName = "gen_ai.choice", Body = new AnyValue { StringValue = "{\"message\":{\"content\":\"Hi\"}}" }, Attributes = { Spans.Attr("gen_ai.request.model", "fuzz") } };
        var logs = new ExportLogsServiceRequest { ResourceLogs = { new ResourceLogs { ScopeLogs = { new ScopeLogs { LogRecords = { choice } } } } } }.ToByteArray();

        var edit = Gen.Zip(Gen.Choose(0, 1_000), Gen.Choose(0, 255), (position, value) => (position, value));
        var property = Prop.ForAll(Arb.From(Gen.ArrayOf(edit)), edits =>
        {
            foreach (var (path, valid) in (ValueTuple<string, byte[]>[])[("/v1/metrics", metrics), ("/v1/logs", logs)])
            {
                var mutated = (byte[])valid.Clone();
                foreach (var (position, value) in edits)
                {
                    mutated[position % mutated.Length] = (byte)value;
                }

                var code = (int)host.Http.PostAsync(new Uri(path, UriKind.Relative), Spans.Protobuf(mutated)).GetAwaiter().GetResult().StatusCode;
                if (code is not (200 or 400))
                {
                    return false;
                }
            }

            return true;
        });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(100), property);

        Assert.Equal(1, (await host.BucketsAsync()).Single(b => b.Key.Model == "before-fuzz").Count);
        Assert.Equal(HttpStatusCode.OK, (await host.Http.GetAsync(new Uri("/health/ready", UriKind.Relative))).StatusCode);
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
