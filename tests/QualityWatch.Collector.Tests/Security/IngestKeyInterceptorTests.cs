using Grpc.Core;
using Grpc.Health.V1;
using HealthClient = Grpc.Health.V1.Health.HealthClient;
using QualityWatch.Collector.Tests.Support;

namespace QualityWatch.Collector.Tests.Security;

/// <summary>OTLP/gRPC needs the ingest key in its metadata; health stays open to probes.</summary>
public sealed class IngestKeyInterceptorTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("not-the-key")]
    public async Task Export_WithoutOrWithWrongKey_IsUnauthenticated_AndNothingIsIngested(string? key)
    {
        await using var host = await CollectorHost.StartAsync();
        using var client = new OtlpGrpcClient(host);

        var error = await Assert.ThrowsAsync<RpcException>(async () => await client.ExportAsync(Spans.Request(Spans.Llm(model: "anonymous")), key));

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        Assert.DoesNotContain("not-the-key", error.Status.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(await host.BucketsAsync(), b => b.Key.Model == "anonymous");
    }

    [Fact]
    public async Task Export_WithBearerKey_IsIngested()
    {
        await using var host = await CollectorHost.StartAsync();
        using var client = new OtlpGrpcClient(host);

        await client.Invoker.AsyncUnaryCall(OtlpGrpcClient.ExportTraces, null, new CallOptions(new Metadata { { "authorization", "Bearer " + CollectorHost.IngestKey } }), Spans.Request(Spans.Llm(model: "bearer")));

        Assert.Single(await host.BucketsAsync(), b => b.Key.Model == "bearer");
    }

    [Fact]
    public async Task HealthCheck_WithoutKey_IsAnswered()
    {
        await using var host = await CollectorHost.StartAsync();
        using var client = new OtlpGrpcClient(host);

        var response = await new HealthClient(client.Channel).CheckAsync(new HealthCheckRequest());

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, response.Status);
    }
}
