using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;

namespace QualityWatch.Collector.Tests.Support;

/// <summary>
/// One gRPC call made by hand over HTTP/2 cleartext, for what a gRPC client library will not send (broken frames,
/// a deadline that has passed on arrival, an encoding nobody supports): the status and message from the trailers (or
/// the trailers-only headers), the response body and headers.
/// </summary>
internal sealed record RawGrpcCall(string? Status, string? Message, byte[] Body, HttpResponseHeaders Headers)
{
    public static byte[] Frame(byte[] message, bool compressed = false)
    {
        var frame = new byte[message.Length + 5];
        frame[0] = compressed ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1, 4), (uint)message.Length);
        message.CopyTo(frame, 5);
        return frame;
    }

    public static async Task<RawGrpcCall> SendAsync(int port, string path, byte[] frame, string? apiKey = CollectorHost.IngestKey, IDictionary<string, string>? headers = null)
    {
        using var client = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"http://127.0.0.1:{port}{path}")
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

        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        string? Header(string name) =>
            response.TrailingHeaders.TryGetValues(name, out var trailer) ? trailer.First()
            : response.Headers.TryGetValues(name, out var header) ? header.First() : null;
        var message = Header("grpc-message");
        return new RawGrpcCall(Header("grpc-status"), message is null ? null : Uri.UnescapeDataString(message), body, response.Headers);
    }
}
