using System.IO.Compression;
using Grpc.Net.Compression;
using QualityWatch.Collector.Metrics;

namespace QualityWatch.Collector.Otlp.Grpc;

/// <summary>
/// gzip for gRPC messages, inflating at most <c>collector.limits.max_decompressed_bytes</c>: Grpc.AspNetCore's own
/// gzip provider inflates without a limit, so a small gzip bomb would be expanded in memory in full.
/// </summary>
internal sealed class BoundedGzipCompressionProvider(int maxDecompressedBytes, Lazy<CollectorMetrics> metrics) : ICompressionProvider
{
    public string EncodingName => "gzip";

    public Stream CreateCompressionStream(Stream stream, CompressionLevel? compressionLevel) =>
        new GZipStream(stream, compressionLevel ?? CompressionLevel.Fastest, leaveOpen: true);

    public Stream CreateDecompressionStream(Stream stream) =>
        new BoundedDecompressionStream(new GZipStream(stream, CompressionMode.Decompress), maxDecompressedBytes, metrics);
}
