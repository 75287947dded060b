using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using QualityWatch.Cli.Serve;
using QualityWatch.Cli.Tests.Serve;
using QualityWatch.Collector;

namespace QualityWatch.Cli.Tests.Telemetry;

/// <summary>
/// <c>serve</c>'s own telemetry, configured the way every OpenTelemetry SDK is (<c>OTEL_*</c> settings): its requests
/// and runtime reach a real OTLP/HTTP endpoint on loopback; without an endpoint nothing is traced and only the
/// product's own metrics are collected.
/// </summary>
public sealed partial class SelfTelemetryTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("qw-self-telemetry-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Serve_WithAnOtlpEndpointInTheOtelVariables_ExportsItsRequestSpansAndRuntimeMetrics()
    {
        // `qualitywatch serve` in its own process, configured by environment variables as an operator would: one host
        // per process, as in production (in-process hosts of other tests would share the runtime's meters).
        await using var receiver = await OtlpTraceReceiver.StartAsync();
        var config = Path.Combine(_directory, "qualitywatch.yaml");
        await File.WriteAllTextAsync(config, $"""
            storage:
              path: {Path.Combine(_directory, "qw.db")}
            collector:
              listen_address: 127.0.0.1
              http_port: 0
              grpc_port: 0
            """);
        var info = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, WorkingDirectory = _directory };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "qualitywatch.dll"));
        info.ArgumentList.Add("serve");
        info.ArgumentList.Add("--config");
        info.ArgumentList.Add(config);
        info.Environment["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Address.ToString().TrimEnd('/');
        info.Environment["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf";
        info.Environment["OTEL_SERVICE_NAME"] = "qualitywatch-self-test";
        info.Environment["OTEL_METRIC_EXPORT_INTERVAL"] = "300";
        info.Environment["OTEL_BSP_SCHEDULE_DELAY"] = "100";
        using var process = Process.Start(info)!;
        var log = new StringBuilder();
        var port = new TaskCompletionSource<int>();
        void OnLine(object _, DataReceivedEventArgs e)
        {
            if (e.Data is null)
            {
                return;
            }

            lock (log)
            {
                log.AppendLine(e.Data);
            }

            if (ListeningLine().Match(e.Data) is { Success: true } m)
            {
                port.TrySetResult(int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));
            }
        }

        process.OutputDataReceived += OnLine;
        process.ErrorDataReceived += OnLine;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{await port.Task.WaitAsync(TimeSpan.FromSeconds(60))}/") };
            Task Request() => http.GetStringAsync(new Uri("health/live", UriKind.Relative));
            await Request();

            var traces = await ReceivedAsync(receiver, "/v1/traces", "/health/live", Request);
            Assert.Contains("qualitywatch-self-test", traces, StringComparison.Ordinal);
            var metrics = await ReceivedAsync(receiver, "/v1/metrics", "http.server.request.duration", Request);
            Assert.Contains("dotnet.", metrics, StringComparison.Ordinal);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task Serve_WithoutAnOtlpEndpoint_TracesNothing_AndItsMeterProviderOnlyServesTheProductMetrics()
    {
        await using var app = ServeComposition.Build(Configuration([]), ServeSchedule.SteppedByCaller, builder => builder.Logging.ClearProviders());

        await app.StartAsync();
        try
        {
            using var http = new HttpClient();
            var metrics = await http.GetStringAsync(new Uri($"http://127.0.0.1:{app.Services.GetRequiredService<CollectorEndpoints>().HttpPort}/metrics"));

            Assert.Null(app.Services.GetService<TracerProvider>());
            // The product's instruments always have the SDK's meter provider (it serves /metrics); self-telemetry's
            // ASP.NET Core and HttpClient instruments are not added to it.
            Assert.NotNull(app.Services.GetService<MeterProvider>());
            Assert.Contains("# TYPE qualitywatch_ingest_spans_total counter", metrics, StringComparison.Ordinal);
            Assert.DoesNotContain("http_server_request_duration", metrics, StringComparison.Ordinal);
        }
        finally
        {
            await app.StopAsync();
        }
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
    /// contains <paramref name="expected"/>, doing <paramref name="meanwhile"/> between looks; bounded.</summary>
    private static async Task<string> ReceivedAsync(OtlpTraceReceiver receiver, string path, string expected, Func<Task> meanwhile)
    {
        var text = string.Empty;
        for (var attempt = 0; attempt < 300; attempt++)
        {
            text = string.Join('\n', receiver.Requests.Where(r => r.Path == path).Select(r => Encoding.UTF8.GetString(r.Body)));
            if (text.Contains(expected, StringComparison.Ordinal))
            {
                return text;
            }

            await meanwhile();
            await Task.Delay(50);
        }

        Assert.Fail($"no request to {path} contained '{expected}' within 15 s; paths seen: {string.Join(", ", receiver.Requests.Select(r => r.Path).Distinct())}");
        return text;
    }

    private IConfigurationRoot Configuration(Dictionary<string, string?> settings) => ServeTestData.ServeConfiguration(_directory, settings);

    [GeneratedRegex("collector listening: OTLP/HTTP :([0-9]+)")]
    private static partial Regex ListeningLine();
}
