using System.Net;
using Microsoft.Extensions.Options;
using QualityWatch.Collector.Tests.Support;
using QualityWatch.TestSupport.Metrics;

namespace QualityWatch.Collector.Tests.Metrics;

/// <summary>
/// The product's instruments leave the process by the OpenTelemetry SDK: each collector's <c>/metrics</c> shows its
/// own calls only, and <c>metrics.otlp_endpoint</c> pushes the same GenAI metrics to any OTLP receiver — here another
/// real collector, which ingests them as an application's GenAI client metrics.
/// </summary>
public sealed class MetricsExportTests
{
    [Fact]
    public async Task TwoCollectorsInOneProcess_EachScrapeShowsOnlyItsOwnCalls()
    {
        await using var first = await CollectorHost.StartAsync();
        await using var second = await CollectorHost.StartAsync();

        Assert.Equal(HttpStatusCode.OK, (await first.Http.PostAsync("/v1/traces", Spans.Protobuf(Spans.Request(Spans.Llm(), Spans.Llm(), Spans.Llm())))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await second.Http.PostAsync("/v1/traces", Spans.Protobuf(Spans.Request(Spans.Llm())))).StatusCode);

        var firstScrape = PrometheusExposition.Parse(await first.Http.GetStringAsync("/metrics"));
        var secondScrape = PrometheusExposition.Parse(await second.Http.GetStringAsync("/metrics"));
        Assert.Equal(3, firstScrape.Value("qualitywatch_ingest_spans_total", ("result", "accepted")));
        Assert.Equal(1, secondScrape.Value("qualitywatch_ingest_spans_total", ("result", "accepted")));
        Assert.Equal(3, firstScrape.Value("gen_ai_client_operation_duration_seconds_count", ("gen_ai_provider_name", "openai"), ("gen_ai_request_model", "gpt-4o"), ("error_type", "")));
    }

    [Fact]
    public async Task WithAnOtlpEndpoint_TheGenAiHistogramsArePushedAndAnotherCollectorIngestsThem()
    {
        await using var receiver = await CollectorHost.StartAsync();
        var headersVariable = "QW_TEST_METRICS_HEADERS_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(headersVariable, $"x-api-key={CollectorHost.IngestKey}");
        try
        {
            await using var sender = await CollectorHost.StartAsync(new Dictionary<string, string?>
            {
                ["Metrics:OtlpEndpoint"] = $"http://127.0.0.1:{receiver.HttpPort}",
                ["Metrics:OtlpProtocol"] = "http/protobuf",
                ["Metrics:ExportIntervalSeconds"] = "1",
                ["Metrics:OtlpHeadersEnv"] = headersVariable,
            });

            Assert.Equal(HttpStatusCode.OK, (await sender.Http.PostAsync("/v1/traces", Spans.Protobuf(Spans.Request(Spans.Llm(), Spans.Llm(), Spans.Llm(), Spans.Llm())))).StatusCode);

            // The push runs every second; wait (bounded) for the receiver to have stored the four calls.
            var calls = 0L;
            for (var attempt = 0; attempt < 100 && calls < 4; attempt++)
            {
                await Task.Delay(100);
                calls = (await receiver.BucketsAsync()).Where(b => b.Key.Provider == "openai" && b.Key.Model == "gpt-4o").Sum(b => b.Count);
            }

            Assert.Equal(4, calls);
            var received = PrometheusExposition.Parse(await receiver.Http.GetStringAsync("/metrics"));
            Assert.Equal(4, received.Value("gen_ai_client_operation_duration_seconds_count", ("gen_ai_provider_name", "openai"), ("gen_ai_request_model", "gpt-4o"), ("gen_ai_operation_name", "chat"), ("error_type", "")));
        }
        finally
        {
            Environment.SetEnvironmentVariable(headersVariable, null);
        }
    }

    [Theory]
    [InlineData("Metrics:OtlpEndpoint", "otel-collector:4317", "metrics.otlp_endpoint must be an absolute http(s) URL")]
    [InlineData("Metrics:OtlpProtocol", "http/json", "metrics.otlp_protocol must be grpc or http/protobuf")]
    [InlineData("Metrics:ExportIntervalSeconds", "0", "metrics.export_interval_seconds must be between 1 and 3600")]
    public async Task ABadExportSetting_FailsTheStartWithOneLineNamingIt(string key, string value, string message)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => CollectorHost.StartAsync(new Dictionary<string, string?> { [key] = value }));

        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }
}
