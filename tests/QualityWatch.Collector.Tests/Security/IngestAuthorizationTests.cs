using System.Net;
using System.Net.Http.Headers;
using QualityWatch.Collector.Tests.Support;

namespace QualityWatch.Collector.Tests.Security;

/// <summary>Ingest needs a configured key, as a bearer token or <c>x-api-key</c>; a refused key is never echoed.</summary>
public sealed class IngestAuthorizationTests
{
    [Fact]
    public async Task Ingest_WithoutOrWithWrongKey_Returns401_WithBearerOrApiKey_Accepts()
    {
        var keyFile = Path.GetTempFileName();
        await File.WriteAllTextAsync(keyFile, "# ingest keys\nfile-key-42\n");
        await using var host = await CollectorHost.StartAsync(new Dictionary<string, string?> { ["Security:IngestKeysFile:0"] = keyFile });
        using var client = new HttpClient { BaseAddress = host.Http.BaseAddress };

        var anonymous = await client.PostAsync("/v1/traces", Spans.Protobuf(Spans.Request(Spans.Llm())));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);

        using var wrong = new HttpRequestMessage(HttpMethod.Post, "/v1/traces") { Content = Spans.Protobuf(Spans.Request(Spans.Llm())) };
        wrong.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "not-the-key-secret");
        var wrongResponse = await client.SendAsync(wrong);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongResponse.StatusCode);
        Assert.DoesNotContain("not-the-key-secret", System.Text.Encoding.UTF8.GetString(await wrongResponse.Content.ReadAsByteArrayAsync()), StringComparison.Ordinal);

        using var viaHeader = new HttpRequestMessage(HttpMethod.Post, "/v1/traces") { Content = Spans.Protobuf(Spans.Request(Spans.Llm(model: "from-file-key"))) };
        viaHeader.Headers.Add("x-api-key", "file-key-42");
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(viaHeader)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.Http.PostAsync("/v1/traces", Spans.Protobuf(Spans.Request(Spans.Llm(model: "from-bearer"))))).StatusCode);

        var buckets = await host.BucketsAsync();
        Assert.Contains(buckets, b => b.Key.Model == "from-file-key");
        Assert.Contains(buckets, b => b.Key.Model == "from-bearer");
        File.Delete(keyFile);
    }
}
