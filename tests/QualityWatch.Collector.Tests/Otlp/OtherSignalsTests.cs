using System.Diagnostics.Metrics;
using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using QualityWatch.Collector.Metrics;
using QualityWatch.Collector.Tests.Support;

namespace QualityWatch.Collector.Tests.Otlp;

/// <summary>
/// OTLP metrics and logs exports (an SDK set up for every signal sends them) are acknowledged; what is not a GenAI
/// client metric or a GenAI output event is counted as ignored, and the exporter sees success.
/// </summary>
public sealed class OtherSignalsTests
{
    private static void PointAt(CollectorHost host, OtlpExporterOptions options, OtlpExportProtocol protocol, string signal)
    {
        host.ConfigureExporter(options, protocol);
        if (protocol == OtlpExportProtocol.HttpProtobuf)
        {
            options.Endpoint = new Uri($"http://127.0.0.1:{host.HttpPort}/v1/{signal}");
        }
    }

    [Theory]
    [InlineData(OtlpExportProtocol.HttpProtobuf)]
    [InlineData(OtlpExportProtocol.Grpc)]
    public async Task DotNetSdkMetricsAndLogsExporters_AreAcknowledgedAndTheirOtherRecordsIgnored(OtlpExportProtocol protocol)
    {
        await using var host = await CollectorHost.StartAsync();
        var meterName = "qw-test-" + Guid.NewGuid().ToString("N");
        using (var meters = Sdk.CreateMeterProviderBuilder()
            .AddMeter(meterName)
            .AddOtlpExporter((exporter, reader) =>
            {
                PointAt(host, exporter, protocol, "metrics");
                reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = 60_000;
            })
            .Build())
        using (var meter = new Meter(meterName))
        {
            meter.CreateHistogram<double>("app.request.duration").Record(0.25);
            Assert.True(meters.ForceFlush(10_000));
        }

        using (var logging = LoggerFactory.Create(builder => builder.AddOpenTelemetry(options =>
            options.AddOtlpExporter(exporter =>
            {
                PointAt(host, exporter, protocol, "logs");
                exporter.ExportProcessorType = ExportProcessorType.Simple;
            }))))
        {
            logging.CreateLogger("qw-test").LogInformation("a GenAI event as a log record");
        }

        var metrics = host.Services.GetRequiredService<CollectorMetrics>();
        // The histogram goes once per collection: at the flush and again when the provider is disposed.
        Assert.True(metrics.RecordsTotal("metrics", "ignored") >= 1, "the metrics export reached the collector");
        Assert.Equal(1, metrics.RecordsTotal("logs", "ignored"));
        Assert.Equal(0, metrics.RecordsTotal("metrics", "accepted") + metrics.RecordsTotal("logs", "accepted"));
        Assert.Equal(0, metrics.RejectedRequests("unsupported_media_type") + metrics.RejectedRequests("malformed"));
    }

    [Theory]
    [InlineData("/v1/metrics")]
    [InlineData("/v1/logs")]
    public async Task HttpJsonExport_GetsAnEmptyJsonResponse(string path)
    {
        await using var host = await CollectorHost.StartAsync();
        using var content = new StringContent("{\"resourceMetrics\":[],\"resourceLogs\":[]}", Encoding.UTF8, "application/json");

        var response = await host.Http.PostAsync(new Uri(path, UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("{}", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/v1/metrics")]
    [InlineData("/v1/logs")]
    public async Task HttpExport_WithoutAKey_IsRefusedLikeTraces(string path)
    {
        await using var host = await CollectorHost.StartAsync();
        using var anonymous = new HttpClient { BaseAddress = host.Http.BaseAddress };

        var response = await anonymous.PostAsync(new Uri(path, UriKind.Relative), Spans.Protobuf([]));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var metrics = host.Services.GetRequiredService<CollectorMetrics>();
        Assert.Equal(0, metrics.RecordsTotal("metrics", "ignored") + metrics.RecordsTotal("logs", "ignored"));
    }
}
