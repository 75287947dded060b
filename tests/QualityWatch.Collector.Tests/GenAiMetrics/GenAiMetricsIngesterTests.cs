using System.Net;
using System.Text;
using Google.Protobuf;
using Microsoft.Extensions.DependencyInjection;
using QualityWatch.Collector.Metrics;
using QualityWatch.Collector.Otlp.Proto.Collector;
using QualityWatch.Collector.Otlp.Proto.Metrics;
using QualityWatch.Collector.Tests.Support;
using QualityWatch.TestSupport.Metrics;
using static QualityWatch.Collector.Tests.Support.GenAiMetricPoints;

namespace QualityWatch.Collector.Tests.GenAiMetrics;

/// <summary>GenAI client metrics posted to <c>/v1/metrics</c> become calls, durations and tokens of their series.</summary>
public sealed class GenAiMetricsIngesterTests
{
    private const string Duration = "gen_ai.client.operation.duration";
    private const string Tokens = "gen_ai.client.token.usage";

    [Fact]
    public async Task DeltaHistograms_CountCallsAtBucketMidpoints_AndTokensFromTheirSums()
    {
        await using var host = await CollectorHost.StartAsync();
        var now = DateTimeOffset.UtcNow;
        var request = Request(
            Histogram(Duration, AggregationTemporality.Delta, Point("delta", DurationBounds, [0, 2, 1, 1], 5.0, now.AddSeconds(-30), now)),
            Histogram(Tokens, AggregationTemporality.Delta,
                Point("delta", [16, 256], [0, 4, 0], 120, now.AddSeconds(-30), now, Spans.Attr("gen_ai.token.type", "input")),
                Point("delta", [16, 256], [3, 1, 0], 40, now.AddSeconds(-30), now, Spans.Attr("gen_ai.token.type", "output"))));

        var response = await host.Http.PostAsync(new Uri("/v1/metrics", UriKind.Relative), Spans.Protobuf(request));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var bucket = Assert.Single(await host.BucketsAsync());
        Assert.Equal(("openai", "delta", "chat"), (bucket.Key.Provider, bucket.Key.Model, bucket.Key.Operation));
        Assert.Equal(4, bucket.Count);
        Assert.Equal(120, bucket.InputTokens);
        Assert.Equal(40, bucket.OutputTokens);

        // Two calls in (0.5, 1] at 0.75, one in (1, 2] at 1.5, one above 2 at its lower bound.
        Assert.Equal(0.75, bucket.LatencyP50Seconds!.Value, 0.75 * 0.02);
        Assert.Equal(2, bucket.LatencyP95Seconds!.Value, 2 * 0.02);

        // The Prometheus families count them too, tokens with the sums the producer reported.
        var exposition = PrometheusExposition.Parse(await host.Http.GetStringAsync(new Uri("/metrics", UriKind.Relative)));
        (string, string)[] series = [("gen_ai_provider_name", "openai"), ("gen_ai_request_model", "delta"), ("gen_ai_operation_name", "chat"), ("region", "")];
        Assert.Equal(4, exposition.Value("gen_ai_client_operation_duration_seconds_count", [.. series, ("error_type", "")]));
        Assert.Equal(120, exposition.Value("gen_ai_client_token_usage_sum", [.. series, ("gen_ai_token_type", "input")]));
    }

    [Fact]
    public async Task CumulativePoints_CountWhatTheyGained_AndANewStartTimeIsAReset()
    {
        await using var host = await CollectorHost.StartAsync();
        var start = DateTimeOffset.UtcNow;
        foreach (var (counts, from) in ((ulong[], DateTimeOffset)[])[([0, 2, 0, 0], start), ([0, 4, 1, 0], start), ([1, 0, 0, 0], start.AddSeconds(1))])
        {
            var point = Point("cumulative", DurationBounds, counts, 1.0, from, start.AddSeconds(2));
            var response = await host.Http.PostAsync(new Uri("/v1/metrics", UriKind.Relative), Spans.Protobuf(Request(Histogram(Duration, AggregationTemporality.Cumulative, point))));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        // 2, then 3 more, then a restarted producer's 1.
        Assert.Equal(6, (await host.BucketsAsync()).Sum(b => b.Count));
    }

    [Fact]
    public async Task CumulativeStreamThatStartedBeforeTheCollector_IsABaselineForItsNextPoints()
    {
        await using var host = await CollectorHost.StartAsync();
        var start = DateTimeOffset.UtcNow.AddHours(-1);
        foreach (var counts in (ulong[][])[[0, 10, 0, 0], [0, 12, 0, 0]])
        {
            var point = Point("baseline", DurationBounds, counts, 1.0, start, DateTimeOffset.UtcNow);
            await host.Http.PostAsync(new Uri("/v1/metrics", UriKind.Relative), Spans.Protobuf(Request(Histogram(Duration, AggregationTemporality.Cumulative, point))));
        }

        Assert.Equal(2, (await host.BucketsAsync()).Sum(b => b.Count));
    }

    [Fact]
    public async Task ExponentialHistogram_CountsItsZeroAndPositiveBuckets()
    {
        await using var host = await CollectorHost.StartAsync();
        var now = DateTimeOffset.UtcNow;
        var point = new ExponentialHistogramDataPoint
        {
            StartTimeUnixNano = Spans.Nanos(now.AddSeconds(-10)),
            TimeUnixNano = Spans.Nanos(now),
            Count = 3,
            Sum = 2.1,
            Scale = 0,
            ZeroCount = 1,
            Positive = new ExponentialHistogramDataPoint.Types.Buckets { Offset = -1, BucketCounts = { 1, 1 } },
            Attributes = { Spans.Attr("gen_ai.system", "openai"), Spans.Attr("gen_ai.response.model", "exponential") },
        };
        var metric = new Metric { Name = Duration, ExponentialHistogram = new ExponentialHistogram { AggregationTemporality = AggregationTemporality.Delta, DataPoints = { point } } };

        await host.Http.PostAsync(new Uri("/v1/metrics", UriKind.Relative), Spans.Protobuf(Request(metric)));

        var bucket = Assert.Single(await host.BucketsAsync());
        Assert.Equal(("openai", "exponential", "chat", 3L), (bucket.Key.Provider, bucket.Key.Model, bucket.Key.Operation, bucket.Count));
    }

    [Fact]
    public async Task SeriesThatSpansFeed_IgnoresItsMetrics()
    {
        await using var host = await CollectorHost.StartAsync();
        await host.Http.PostAsync(new Uri("/v1/traces", UriKind.Relative), Spans.Protobuf(Spans.Request(Spans.Llm(model: "both"), Spans.Llm(model: "both"))));
        var now = DateTimeOffset.UtcNow;
        var request = Request(Histogram(Duration, AggregationTemporality.Delta,
            Point("both", DurationBounds, [0, 2, 0, 0], 1.5, now.AddSeconds(-5), now),
            Point("metrics-only", DurationBounds, [0, 1, 0, 0], 0.75, now.AddSeconds(-5), now)));

        await host.Http.PostAsync(new Uri("/v1/metrics", UriKind.Relative), Spans.Protobuf(request));

        var buckets = await host.BucketsAsync();
        Assert.Equal(2, buckets.Where(b => b.Key.Model == "both").Sum(b => b.Count));
        Assert.Equal(1, buckets.Where(b => b.Key.Model == "metrics-only").Sum(b => b.Count));
        var metrics = host.Services.GetRequiredService<CollectorMetrics>();
        Assert.Equal((1, 1), (metrics.RecordsTotal("metrics", "accepted"), metrics.RecordsTotal("metrics", "ignored")));
    }

    [Fact]
    public async Task InvalidPoints_AreRejectedInAPartialSuccess_AndTheValidOnesCount()
    {
        await using var host = await CollectorHost.StartAsync();
        var now = DateTimeOffset.UtcNow;
        var inconsistent = Point("partial", DurationBounds, [0, 1, 0, 0], 0.75, now, now);
        inconsistent.Count = 5;
        var request = Request(
            Histogram(Duration, AggregationTemporality.Delta, Point("partial", DurationBounds, [0, 1, 0, 0], 0.75, now, now), inconsistent, Point("partial", [1, 2], [1, 1, 1, 1], 3, now, now)),
            Histogram(Duration, AggregationTemporality.Unspecified, Point("partial", DurationBounds, [0, 1, 0, 0], 0.75, now, now)));

        var response = await host.Http.PostAsync(new Uri("/v1/metrics", UriKind.Relative), Spans.Protobuf(request));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = ExportMetricsServiceResponse.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(3, answer.PartialSuccess.RejectedDataPoints);
        Assert.Contains("add up to 1, not its count 5", answer.PartialSuccess.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(1, (await host.BucketsAsync()).Sum(b => b.Count));
    }

    [Fact]
    public async Task JsonRequest_IsReadLikeProtobuf()
    {
        await using var host = await CollectorHost.StartAsync();
        var now = DateTimeOffset.UtcNow;
        var json = JsonFormatter.Default.Format(Request(Histogram(Duration, AggregationTemporality.Delta, Point("json", DurationBounds, [0, 0, 3, 0], 4.5, now, now))));

        var response = await host.Http.PostAsync(new Uri("/v1/metrics", UriKind.Relative), new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("{}", await response.Content.ReadAsStringAsync());
        var bucket = Assert.Single(await host.BucketsAsync());
        Assert.Equal(3, bucket.Count);
        Assert.Equal(1.5, bucket.LatencyP50Seconds!.Value, 1.5 * 0.02);
    }
}
