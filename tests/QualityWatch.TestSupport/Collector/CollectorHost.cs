using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using QualityWatch.Collector;
using QualityWatch.Core.Telemetry;
using QualityWatch.Storage.Telemetry;

namespace QualityWatch.TestSupport.Collector;

/// <summary>
/// A real collector on Kestrel (dynamic loopback ports) over a SQLite file in a temp folder, built by the product's own
/// <see cref="CollectorApplication"/>: tests add what their host adds (alerts, detection) with <c>configureBuilder</c>
/// and override any setting.
/// </summary>
public sealed class CollectorHost : IAsyncDisposable
{
    public const string IngestKey = "ingest-key-for-tests-7f3a";

    private readonly WebApplication _app;

    private CollectorHost(WebApplication app, string directory)
    {
        _app = app;
        Directory = directory;
        var endpoints = app.Services.GetRequiredService<CollectorEndpoints>();
        HttpPort = endpoints.HttpPort;
        GrpcPort = endpoints.GrpcPort;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{HttpPort}") };
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", IngestKey);
    }

    public string Directory { get; }

    public int HttpPort { get; }

    public int GrpcPort { get; }

    public HttpClient Http { get; }

    public IServiceProvider Services => _app.Services;

    public TelemetryStore Store => _app.Services.GetRequiredService<TelemetryStore>();

    /// <summary>
    /// Points an OpenTelemetry SDK OTLP exporter of <paramref name="signal"/> (traces, metrics, logs) at this collector
    /// over <paramref name="protocol"/>, exporting each span as it ends.
    /// </summary>
    public void ConfigureExporter(OtlpExporterOptions options, OtlpExportProtocol protocol, string signal = "traces")
    {
        options.Protocol = protocol;
        options.Endpoint = protocol == OtlpExportProtocol.Grpc
            ? new Uri($"http://127.0.0.1:{GrpcPort}")
            : new Uri($"http://127.0.0.1:{HttpPort}/v1/{signal}");
        options.Headers = $"x-api-key={IngestKey}";
        options.ExportProcessorType = ExportProcessorType.Simple;
    }

    public static async Task<CollectorHost> StartAsync(IDictionary<string, string?>? settings = null, Action<WebApplicationBuilder>? configureBuilder = null)
    {
        var directory = Path.Combine(Path.GetTempPath(), "qw-collector-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        var values = new Dictionary<string, string?>
        {
            ["Collector:HttpPort"] = "0",
            ["Collector:GrpcPort"] = "0",
            ["Collector:ListenAddress"] = "127.0.0.1",
            ["Collector:ExtraLabels:region"] = "cloud.region",
            ["Storage:Path"] = Path.Combine(directory, "qualitywatch.db"),
            ["Storage:Telemetry:AggregationIntervalMilliseconds"] = "100",
            ["Security:IngestKeys:0"] = IngestKey,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var app = CollectorApplication.Build(configuration, builder =>
        {
            if (Environment.GetEnvironmentVariable("QW_TEST_LOGS") is null)
            {
                builder.Logging.ClearProviders();
            }

            configureBuilder?.Invoke(builder);
        });
        await app.StartAsync();
        return new CollectorHost(app, directory);
    }

    /// <summary>Every bucket stored so far, after folding the ingest log.</summary>
    public async Task<IReadOnlyList<SeriesBucket>> BucketsAsync()
    {
        await Store.FlushAsync(CancellationToken.None);
        return await Store.QueryBucketsAsync(DateTimeOffset.UnixEpoch, DateTimeOffset.UtcNow.AddDays(2), CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
