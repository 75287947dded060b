using System.IO.Compression;
using Google.Protobuf;
using Grpc.Core;
using QualityWatch.Collector.Tests.Support;

namespace QualityWatch.Collector.Tests.Otlp.Grpc;

/// <summary>gzip gRPC messages: inflated within collector.limits.max_decompressed_bytes, broken ones refused.</summary>
public sealed class BoundedGzipCompressionProviderTests
{
    private const string TracesPath = "/opentelemetry.proto.collector.trace.v1.TraceService/Export";

    [Fact]
    public async Task GzipBomb_IsResourceExhausted_AndTheServiceKeepsServing()
    {
        await using var host = await CollectorHost.StartAsync(new Dictionary<string, string?> { ["Collector:Limits:MaxDecompressedBytes"] = "4000000" });
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            var zeros = new byte[1 << 20];
            for (var i = 0; i < 64; i++)
            {
                gzip.Write(zeros);
            }
        }

        var call = await RawGrpcCall.SendAsync(host.GrpcPort, TracesPath, RawGrpcCall.Frame(compressed.ToArray(), compressed: true), headers: new Dictionary<string, string> { ["grpc-encoding"] = "gzip" });
        using var client = new OtlpGrpcClient(host);
        await client.ExportAsync(Spans.Request(Spans.Llm(model: "after-bomb")), gzip: true);

        Assert.Equal(((int)StatusCode.ResourceExhausted).ToString(System.Globalization.CultureInfo.InvariantCulture), call.Status);
        Assert.Contains("decompressed", call.Message!, StringComparison.Ordinal);
        Assert.Single(await host.BucketsAsync(), b => b.Key.Model == "after-bomb");
    }

    [Fact]
    public async Task MessageFlaggedGzipThatIsNotGzip_IsInvalidArgument()
    {
        await using var host = await CollectorHost.StartAsync();

        var call = await RawGrpcCall.SendAsync(host.GrpcPort, TracesPath, RawGrpcCall.Frame(Spans.Request(Spans.Llm()).ToByteArray(), compressed: true), headers: new Dictionary<string, string> { ["grpc-encoding"] = "gzip" });

        Assert.Equal(((int)StatusCode.InvalidArgument).ToString(System.Globalization.CultureInfo.InvariantCulture), call.Status);
        Assert.Contains("gzip", call.Message!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MessageInAnUnsupportedEncoding_IsUnimplemented_NamingTheSupportedOnes()
    {
        await using var host = await CollectorHost.StartAsync();

        var call = await RawGrpcCall.SendAsync(host.GrpcPort, TracesPath, RawGrpcCall.Frame([1, 2, 3], compressed: true), headers: new Dictionary<string, string> { ["grpc-encoding"] = "br" });

        Assert.Equal(((int)StatusCode.Unimplemented).ToString(System.Globalization.CultureInfo.InvariantCulture), call.Status);
        Assert.Equal("identity,gzip", call.Headers.GetValues("grpc-accept-encoding").Single());
    }
}
