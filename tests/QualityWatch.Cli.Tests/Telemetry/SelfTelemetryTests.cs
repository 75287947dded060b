using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using QualityWatch.Cli.Serve;
using QualityWatch.Collector;

namespace QualityWatch.Cli.Tests.Telemetry;

/// <summary>
/// <c>serve</c>'s own telemetry, configured the way every OpenTelemetry SDK is (<c>OTEL_*</c> settings): its requests
/// and runtime reach a real OTLP/HTTP endpoint on loopback; without an endpoint the SDK is not added at all.
/// </summary>
public sealed class SelfTelemetryTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("qw-self-telemetry-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Serve_WithAnOtlpEndpointInOtelSettings_ExportsItsRequestSpansAndRuntimeMetrics()
    {
        await using var receiver = await OtlpTraceReceiver.StartAsync();
        await using var app = ServeComposition.Build(Configuration(new()
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Address.ToString().TrimEnd('/'),
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_SERVICE_NAME"] = "qualitywatch-self-test",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "300",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
        }), ServeSchedule.SteppedByCaller, builder => builder.Logging.ClearProviders());
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{app.Services.GetRequiredService<CollectorEndpoints>().HttpPort}/") };

        Assert.Equal("live", await http.GetStringAsync(new Uri("health/live", UriKind.Relative)));

        var traces = await ReceivedAsync(receiver, "/v1/traces", "/health/live");
        Assert.Contains("qualitywatch-self-test", traces, StringComparison.Ordinal);
        var metrics = await ReceivedAsync(receiver, "/v1/metrics", "http.server.request.duration");
        Assert.Contains("dotnet.", metrics, StringComparison.Ordinal);
        await app.StopAsync();
    }

    [Fact]
    public async Task Serve_WithoutAnOtlpEndpoint_AddsNoOpenTelemetrySdk()
    {
        await using var app = ServeComposition.Build(Configuration([]), ServeSchedule.SteppedByCaller, builder => builder.Logging.ClearProviders());

        Assert.Null(app.Services.GetService<TracerProvider>());
        Assert.Null(app.Services.GetService<MeterProvider>());
    }

    [Theory]
    [InlineData(null, null, "ParentBased{AlwaysOnSampler}")]
    [InlineData("always_off", null, "AlwaysOffSampler")]
    [InlineData("traceidratio", "0.1", "TraceIdRatioBasedSampler{0.100000}")]
    [InlineData("parentbased_traceidratio", "0.25", "ParentBased{TraceIdRatioBasedSampler{0.250000}}")]
    [InlineData("PARENTBASED_ALWAYS_OFF", null, "ParentBased{AlwaysOffSampler}")]
    [InlineData("traceidratio", "1.5", "TraceIdRatioBasedSampler{1.000000}")]
    [InlineData("no-such-sampler", null, "ParentBased{AlwaysOnSampler}")]
    public void Sampler_FollowsOtelTracesSampler(string? sampler, string? argument, string description)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["OTEL_TRACES_SAMPLER"] = sampler,
            ["OTEL_TRACES_SAMPLER_ARG"] = argument,
        }).Build();

        Assert.Equal(description, QualityWatch.Cli.Telemetry.SelfTelemetryExtensions.SamplerFrom(configuration).Description);
    }

    /// <summary>The bodies received on <paramref name="path"/>, as text (protobuf keeps strings as UTF-8), once one
    /// contains <paramref name="expected"/>; bounded.</summary>
    private static async Task<string> ReceivedAsync(OtlpTraceReceiver receiver, string path, string expected)
    {
        var text = string.Empty;
        for (var attempt = 0; attempt < 300; attempt++)
        {
            text = string.Join('\n', receiver.Requests.Where(r => r.Path == path).Select(r => Encoding.UTF8.GetString(r.Body)));
            if (text.Contains(expected, StringComparison.Ordinal))
            {
                return text;
            }

            await Task.Delay(50);
        }

        Assert.Fail($"no request to {path} contained '{expected}' within 15 s; paths seen: {string.Join(", ", receiver.Requests.Select(r => r.Path).Distinct())}");
        return text;
    }

    private IConfigurationRoot Configuration(Dictionary<string, string?> settings)
    {
        var values = new Dictionary<string, string?>
        {
            ["Storage:Path"] = Path.Combine(_directory, "qw.db"),
            ["Collector:ListenAddress"] = "127.0.0.1",
            ["Collector:HttpPort"] = "0",
            ["Collector:GrpcPort"] = "-1",
        };
        foreach (var (key, value) in settings)
        {
            values[key] = value;
        }

        return new ConfigurationBuilder().AddInMemoryCollection(values).Build();
    }
}
