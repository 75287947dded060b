using System.Buffers.Binary;
using System.Net;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Health.V1;
using HealthClient = Grpc.Health.V1.Health.HealthClient;
using Grpc.Reflection.V1Alpha;
using QualityWatch.Collector.Otlp.Proto.Collector;
using QualityWatch.Collector.Tests.Support;

namespace QualityWatch.Collector.Tests.Otlp;

/// <summary>
/// OTLP/gRPC on Grpc.AspNetCore, driven by a real Grpc.Net.Client and, for the wire format itself, by raw HTTP/2
/// requests: framing, status codes, health, reflection, unknown methods, compression, deadlines and size limits.
/// </summary>
public sealed class OtlpGrpcApiTests
{
    private const string TracesPath = "/opentelemetry.proto.collector.trace.v1.TraceService/Export";

    [Fact]
    public async Task Export_ValidMessage_ReturnsFramedResponseAndStatusZeroTrailer()
    {
        await using var host = await CollectorHost.StartAsync();
        var call = await RawGrpcCall.SendAsync(host.GrpcPort, TracesPath, RawGrpcCall.Frame(Spans.Request(Spans.Llm(model: "grpc-raw"), Spans.Plain()).ToByteArray()));
        Assert.Equal("0", call.Status);
        Assert.Null(call.Message);
        Assert.Equal(call.Body.Length - 5, (int)BinaryPrimitives.ReadUInt32BigEndian(call.Body.AsSpan(1, 4)));
        Assert.Null(ExportTraceServiceResponse.Parser.ParseFrom(call.Body.AsSpan(5)).PartialSuccess);
        Assert.Single(await host.BucketsAsync(), b => b.Key.Model == "grpc-raw");
    }

    [Fact]
    public async Task Export_GarbageMessage_ReturnsInvalidArgument()
    {
        await using var host = await CollectorHost.StartAsync();
        var call = await RawGrpcCall.SendAsync(host.GrpcPort, TracesPath, RawGrpcCall.Frame([0x0A, 0xFF, 0xFF, 0x01]));
        Assert.Equal("3", call.Status);
        Assert.Contains("undecodable", call.Message!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_UnderBackpressure_ReturnsResourceExhaustedAndHttpReturns429WithRetryAfter()
    {
        await using var host = await CollectorHost.StartAsync(new Dictionary<string, string?> { ["Collector:Limits:MaxQueuedSpans"] = "0" });
        var call = await RawGrpcCall.SendAsync(host.GrpcPort, TracesPath, RawGrpcCall.Frame(Spans.Request(Spans.Llm()).ToByteArray()));
        Assert.Equal("8", call.Status);

        var response = await host.Http.PostAsync("/v1/traces", Spans.Protobuf(Spans.Request(Spans.Llm())));
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
    }

    [Fact]
    public async Task Export_WithSomeSpansRejected_AnswersOkWithPartialSuccess()
    {
        await using var host = await CollectorHost.StartAsync();
        using var client = new OtlpGrpcClient(host);
        var negative = Spans.Llm(model: "grpc-negative");
        (negative.StartTimeUnixNano, negative.EndTimeUnixNano) = (negative.EndTimeUnixNano, negative.StartTimeUnixNano);

        var response = await client.ExportAsync(Spans.Request(negative, Spans.Llm(model: "grpc-good")));

        Assert.Equal(1, response.PartialSuccess.RejectedSpans);
        Assert.Contains("negative duration", response.PartialSuccess.ErrorMessage, StringComparison.Ordinal);
        Assert.Single(await host.BucketsAsync(), b => b.Key.Model == "grpc-good");
    }

    [Fact]
    public async Task Health_WhenStorageIsOpen_IsServingForTheServerAndEachOtlpService()
    {
        await using var host = await CollectorHost.StartAsync();
        using var client = new OtlpGrpcClient(host);
        var health = new HealthClient(client.Channel);

        foreach (var service in new[] { "", "opentelemetry.proto.collector.trace.v1.TraceService", "opentelemetry.proto.collector.metrics.v1.MetricsService", "opentelemetry.proto.collector.logs.v1.LogsService" })
        {
            var response = await health.CheckAsync(new HealthCheckRequest { Service = service });
            Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, response.Status);
        }
    }

    [Fact]
    public async Task Health_WhileIngestionIsBackedUp_IsNotServing()
    {
        await using var host = await CollectorHost.StartAsync(new Dictionary<string, string?> { ["Collector:Limits:MaxQueuedSpans"] = "0" });
        using var client = new OtlpGrpcClient(host);

        var response = await new HealthClient(client.Channel).CheckAsync(new HealthCheckRequest());

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.NotServing, response.Status);
    }

    [Fact]
    public async Task Reflection_ListsTheOtlpServicesHealthAndReflection_AndDescribesTraceExport()
    {
        await using var host = await CollectorHost.StartAsync();
        using var client = new OtlpGrpcClient(host);
        using var call = new ServerReflection.ServerReflectionClient(client.Channel).ServerReflectionInfo();

        await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" });
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        var services = call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name).ToList();
        await call.RequestStream.WriteAsync(new ServerReflectionRequest { FileContainingSymbol = "opentelemetry.proto.collector.trace.v1.TraceService" });
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        var files = call.ResponseStream.Current.FileDescriptorResponse.FileDescriptorProto
            .Select(bytes => Google.Protobuf.Reflection.FileDescriptorProto.Parser.ParseFrom(bytes)).ToList();
        await call.RequestStream.CompleteAsync();

        Assert.Equal(
            ["grpc.health.v1.Health", "grpc.reflection.v1alpha.ServerReflection", "opentelemetry.proto.collector.logs.v1.LogsService", "opentelemetry.proto.collector.metrics.v1.MetricsService", "opentelemetry.proto.collector.trace.v1.TraceService"],
            services.Order(StringComparer.Ordinal));
        var traceService = files.SelectMany(f => f.Service).Single(s => s.Name == "TraceService");
        Assert.Equal(".opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest", traceService.Method.Single(m => m.Name == "Export").InputType);
    }

    [Theory]
    [InlineData("opentelemetry.proto.collector.trace.v1.TraceService", "Exportt")]
    [InlineData("opentelemetry.proto.collector.profiles.v1development.ProfilesService", "Export")]
    [InlineData("grpc.health.v1.Health", "List")]
    public async Task UnknownMethodOrService_IsUnimplemented(string service, string method)
    {
        await using var host = await CollectorHost.StartAsync();
        using var client = new OtlpGrpcClient(host);

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await client.Invoker.AsyncUnaryCall(OtlpGrpcClient.Unknown(service, method), null, new CallOptions(new Metadata { { "x-api-key", CollectorHost.IngestKey } }), Spans.Request(Spans.Llm())));

        Assert.Equal(StatusCode.Unimplemented, error.StatusCode);
    }

    [Fact]
    public async Task GzipCompressedExport_IsIngested()
    {
        await using var host = await CollectorHost.StartAsync();
        using var client = new OtlpGrpcClient(host);

        await client.ExportAsync(Spans.Request(Spans.Llm(model: "grpc-gzipped")), gzip: true);

        Assert.Single(await host.BucketsAsync(), b => b.Key.Model == "grpc-gzipped");
    }

    [Fact]
    public async Task Responses_AdvertiseIdentityAndGzipInGrpcAcceptEncoding()
    {
        await using var host = await CollectorHost.StartAsync();

        // Read raw: Grpc.Net.Client keeps grpc-* protocol headers out of the metadata it shows.
        var call = await RawGrpcCall.SendAsync(host.GrpcPort, TracesPath, RawGrpcCall.Frame(Spans.Request(Spans.Llm()).ToByteArray()));

        Assert.Equal("0", call.Status);
        Assert.Equal("identity,gzip", call.Headers.GetValues("grpc-accept-encoding").Single());
    }

    [Fact]
    public async Task Export_WhoseDeadlinePassedBeforeItWasRead_IsDeadlineExceededAndNothingIsIngested()
    {
        await using var host = await CollectorHost.StartAsync();

        // One microsecond (the smallest grpc-timeout Grpc.AspNetCore does not round to "no deadline"): over before the
        // message is read, whichever of the deadline timer and the service sees it first.
        var call = await RawGrpcCall.SendAsync(host.GrpcPort, TracesPath, RawGrpcCall.Frame(Spans.Request(Spans.Llm(model: "too-late")).ToByteArray()), headers: new Dictionary<string, string> { ["grpc-timeout"] = "1u" });

        Assert.Equal(((int)StatusCode.DeadlineExceeded).ToString(System.Globalization.CultureInfo.InvariantCulture), call.Status);
        Assert.DoesNotContain(await host.BucketsAsync(), b => b.Key.Model == "too-late");
    }

    [Fact]
    public async Task Export_WithAGenerousDeadline_IsIngested()
    {
        await using var host = await CollectorHost.StartAsync();
        using var client = new OtlpGrpcClient(host);

        await client.ExportAsync(Spans.Request(Spans.Llm(model: "in-time")), deadline: DateTime.UtcNow.AddSeconds(30));

        Assert.Single(await host.BucketsAsync(), b => b.Key.Model == "in-time");
    }

    [Fact]
    public async Task Export_LargerThanMaxBodyBytes_IsResourceExhausted_AndTheServiceKeepsServing()
    {
        await using var host = await CollectorHost.StartAsync(new Dictionary<string, string?> { ["Collector:Limits:MaxBodyBytes"] = "100000" });
        using var client = new OtlpGrpcClient(host);
        var huge = Spans.Llm(model: "too-big", extra: Spans.Attr("padding", new string('x', 150_000)));

        var error = await Assert.ThrowsAsync<RpcException>(async () => await client.ExportAsync(Spans.Request(huge)));
        await client.ExportAsync(Spans.Request(Spans.Llm(model: "after-too-big")));

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        var buckets = await host.BucketsAsync();
        Assert.DoesNotContain(buckets, b => b.Key.Model == "too-big");
        Assert.Single(buckets, b => b.Key.Model == "after-too-big");
    }
}
