using System.IO.Compression;
using System.Net;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Google.Protobuf;
using QualityWatch.Collector.Otlp.Proto.Collector;
using QualityWatch.Collector.Tests.Support;
using RpcStatus = QualityWatch.Collector.Otlp.Proto.Rpc.Status;

namespace QualityWatch.Collector.Tests.Otlp;

/// <summary>Hostile and broken input: 4xx or partial success, the service keeps serving, nothing accepted earlier is lost.</summary>
public sealed class BadInputTests : IAsyncLifetime
{
    private CollectorHost _host = null!;

    public async Task InitializeAsync() => _host = await CollectorHost.StartAsync(new Dictionary<string, string?>
    {
        ["Collector:Limits:MaxBodyBytes"] = "1000000",
        ["Collector:Limits:MaxDecompressedBytes"] = "4000000",
        ["Collector:Limits:MaxAttributeValueLength"] = "10000",
        ["Collector:Limits:MaxAttributesPerSpan"] = "128",
    });

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task TruncatedProtobuf_Returns400WithStatusBody()
    {
        var bytes = Spans.Request(Spans.Llm()).ToByteArray();
        var response = await _host.Http.PostAsync("/v1/traces", Spans.Protobuf(bytes[..(bytes.Length / 2)]));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var status = RpcStatus.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync());
        Assert.Contains("undecodable", status.Message, StringComparison.Ordinal);
        await AssertStillServingAsync();
    }

    [Fact]
    public async Task WrongWireType_Returns400()
    {
        // Field 1 with wire type 7, which does not exist.
        var response = await _host.Http.PostAsync("/v1/traces", Spans.Protobuf([0x0F, 0x96, 0x01]));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);

        // Field 1 (resource_spans, a message) sent as a varint: a well-formed unknown field, skipped.
        var skipped = await _host.Http.PostAsync("/v1/traces", Spans.Protobuf([0x08, 0x96, 0x01]));
        Assert.Equal(HttpStatusCode.OK, skipped.StatusCode);
        await AssertStillServingAsync();
    }

    [Fact]
    public async Task InvalidUtf8InString_RejectsTheSpan()
    {
        var span = Spans.Llm(model: "bad-utf8");
        span.Name = "PLACEHOLDER";
        var bytes = Spans.Request(span).ToByteArray();
        var index = IndexOf(bytes, Encoding.UTF8.GetBytes("PLACEHOLDER"));
        bytes[index] = 0xC3;
        bytes[index + 1] = 0x28;
        var response = await _host.Http.PostAsync("/v1/traces", Spans.Protobuf(bytes));

        // Google.Protobuf decodes invalid UTF-8 to U+FFFD instead of failing; the collector rejects such spans.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = ExportTraceServiceResponse.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(1, body.PartialSuccess.RejectedSpans);
        Assert.Contains("UTF-8", body.PartialSuccess.ErrorMessage, StringComparison.Ordinal);
        Assert.DoesNotContain(await _host.BucketsAsync(), b => b.Key.Model == "bad-utf8");
        await AssertStillServingAsync();
    }

    [Fact]
    public async Task SpansWithNegativeDurationHugeStringsManyAttributesOrYear2100_ArePartiallyRejected()
    {
        var negative = Spans.Llm(model: "bad-negative");
        (negative.StartTimeUnixNano, negative.EndTimeUnixNano) = (negative.EndTimeUnixNano, negative.StartTimeUnixNano);
        var future = Spans.Llm(model: "bad-future", start: new DateTimeOffset(2100, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var huge = Spans.Llm(model: "bad-huge", extra: Spans.Attr("gen_ai.output.messages", new string('x', 50_000)));
        var crowded = Spans.Llm(model: "bad-crowded");
        for (var i = 0; i < 10_000; i++)
        {
            crowded.Attributes.Add(Spans.Attr("junk." + i, i));
        }

        var good = Spans.Llm(model: "good-neighbour");
        var response = await _host.Http.PostAsync("/v1/traces", Spans.Protobuf(Spans.Request(negative, future, huge, crowded, good)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = ExportTraceServiceResponse.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(4, body.PartialSuccess.RejectedSpans);
        Assert.Contains("negative duration", body.PartialSuccess.ErrorMessage, StringComparison.Ordinal);
        var buckets = await _host.BucketsAsync();
        Assert.Single(buckets, b => b.Key.Model == "good-neighbour");
        Assert.DoesNotContain(buckets, b => b.Key.Model.StartsWith("bad-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task GzipBomb_Returns413AndServiceKeepsServing()
    {
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            var zeros = new byte[1 << 20];
            for (var i = 0; i < 64; i++)
            {
                gzip.Write(zeros);
            }
        }

        Assert.True(compressed.Length < 1_000_000);
        var content = Spans.Protobuf(compressed.ToArray());
        content.Headers.ContentEncoding.Add("gzip");
        var response = await _host.Http.PostAsync("/v1/traces", content);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("decompressed", RpcStatus.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync()).Message, StringComparison.Ordinal);
        await AssertStillServingAsync();
    }

    [Fact]
    public async Task BodyOverLimit_Returns413()
    {
        var response = await _host.Http.PostAsync("/v1/traces", Spans.Protobuf(new byte[1_500_000]));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        await AssertStillServingAsync();
    }

    [Fact]
    public async Task OtherContentType_Returns415()
    {
        var response = await _host.Http.PostAsync("/v1/traces", new StringContent("hello", Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task MalformedJson_Returns400WithJsonStatus()
    {
        var response = await _host.Http.PostAsync("/v1/traces", new StringContent("{\"resourceSpans\": [", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("\"message\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GzippedProtobuf_IsAccepted()
    {
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            Spans.Request(Spans.Llm(model: "gzipped")).WriteTo(gzip);
        }

        var content = Spans.Protobuf(compressed.ToArray());
        content.Headers.ContentEncoding.Add("gzip");
        var response = await _host.Http.PostAsync("/v1/traces", content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(await _host.BucketsAsync(), b => b.Key.Model == "gzipped");
    }

    [Fact]
    public async Task RandomBytes_NeverCrashTheServiceAndEarlierDataSurvives()
    {
        var before = await _host.Http.PostAsync("/v1/traces", Spans.Protobuf(Spans.Request(Spans.Llm(model: "before-fuzz"))));
        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        var valid = Spans.Request(Spans.Llm(model: "fuzz-base")).ToByteArray();

        var edit = Gen.Zip(Gen.Choose(0, valid.Length - 1), Gen.Choose(0, 255), (position, value) => (position, value));
        var noise = Gen.Select(Gen.ArrayOf(Gen.Choose(0, 255)), values => values.Select(v => (byte)v).ToArray());
        var property = Prop.ForAll(Arb.From(Gen.ArrayOf(edit)), Arb.From(noise), (edits, random) =>
        {
            var mutated = (byte[])valid.Clone();
            foreach (var (position, value) in edits)
            {
                mutated[position] = (byte)value;
            }

            foreach (var body in new[] { mutated, random })
            {
                var response = _host.Http.PostAsync("/v1/traces", Spans.Protobuf(body)).GetAwaiter().GetResult();
                var code = (int)response.StatusCode;
                if (code != 200 && code != 400)
                {
                    return false;
                }
            }

            return true;
        });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(60), property);

        await AssertStillServingAsync();
        Assert.Single(await _host.BucketsAsync(), b => b.Key.Model == "before-fuzz");
    }

    private async Task AssertStillServingAsync()
    {
        var model = "alive-" + Guid.NewGuid().ToString("N")[..8];
        var response = await _host.Http.PostAsync("/v1/traces", Spans.Protobuf(Spans.Request(Spans.Llm(model: model))));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _host.Http.GetAsync("/health/ready")).StatusCode);
        Assert.Single(await _host.BucketsAsync(), b => b.Key.Model == model);
    }

    private static int IndexOf(byte[] haystack, byte[] needle)
    {
        for (var i = 0; i <= haystack.Length - needle.Length; i++)
        {
            if (haystack.AsSpan(i, needle.Length).SequenceEqual(needle))
            {
                return i;
            }
        }

        throw new InvalidOperationException("needle not found");
    }
}
