using System.ClientModel;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using QualityWatch.Collector.Metrics;
using QualityWatch.Collector.Tests.Support;

namespace QualityWatch.Collector.Tests.Producers;

/// <summary>
/// A Microsoft.Extensions.AI 10.11 application (<c>UseOpenTelemetry</c>, the OpenAI adapter) calls the simulated
/// OpenAI endpoint and exports its GenAI client METRICS with the OpenTelemetry .NET SDK's OTLP exporter to a real
/// collector: with no spans, the series are fed by the metrics; with spans too, they are counted once.
/// </summary>
[Collection(ProducerCollection.Name)]
public sealed class ExtensionsAiMetricsExportTests
{
    // The meter and activity source UseOpenTelemetry() uses when given none.
    private const string DefaultSource = "Experimental.Microsoft.Extensions.AI";

    [Theory]
    [InlineData(OtlpExportProtocol.HttpProtobuf, MetricReaderTemporalityPreference.Cumulative)]
    [InlineData(OtlpExportProtocol.Grpc, MetricReaderTemporalityPreference.Cumulative)]
    [InlineData(OtlpExportProtocol.HttpProtobuf, MetricReaderTemporalityPreference.Delta)]
    public async Task MetricsOnlyApplication_FeedsTheSeriesWithTheCallsDurationsAndTokensTheSdkReported(OtlpExportProtocol protocol, MetricReaderTemporalityPreference temporality)
    {
        var healthy = $"meai-metrics-{protocol}-{temporality}";
        var missing = $"meai-metrics-missing-{protocol}-{temporality}";
        await using var simulator = await SimulatedOpenAi.StartAsync([healthy]);
        await using var host = await CollectorHost.StartAsync();
        var client = ClientFor(simulator);
        var durations = new List<double>();
        using var listener = ListenToDurations(healthy, durations);

        long inputTokens = 0, outputTokens = 0;
        using (var metering = Sdk.CreateMeterProviderBuilder()
            .AddMeter(DefaultSource)
            .AddOtlpExporter((exporter, reader) =>
            {
                host.ConfigureExporter(exporter, protocol, "metrics");
                reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = 60_000;
                reader.TemporalityPreference = temporality;
            })
            .Build())
        {
            foreach (var prompt in (string[])["Say hello in English.", "Name a colour."])
            {
                var response = await client(healthy).GetResponseAsync(prompt);
                inputTokens += response.Usage!.InputTokenCount!.Value;
                outputTokens += response.Usage!.OutputTokenCount!.Value;
            }

            // A second export between calls: a cumulative stream must count only what it gained since.
            Assert.True(metering.ForceFlush(10_000));
            var updates = new List<ChatResponseUpdate>();
            await foreach (var update in client(healthy).GetStreamingResponseAsync("Describe a river."))
            {
                updates.Add(update);
            }

            var streamed = updates.ToChatResponse();
            inputTokens += streamed.Usage!.InputTokenCount!.Value;
            outputTokens += streamed.Usage!.OutputTokenCount!.Value;
            await Assert.ThrowsAsync<ClientResultException>(() => client(missing).GetResponseAsync("Hello?"));
            Assert.True(metering.ForceFlush(10_000));
        }

        var buckets = await host.BucketsAsync();
        var calls = SimulatedOpenAi.Sum(buckets, healthy);
        var series = Assert.Single(calls.Keys);
        Assert.Equal(("openai", healthy, "chat"), (series.Provider, series.Model, series.Operation));
        Assert.Equal(3, calls.Count);
        Assert.Equal(inputTokens, calls.InputTokens);
        Assert.Equal(outputTokens, calls.OutputTokens);
        Assert.Equal(1, SimulatedOpenAi.Sum(buckets, missing).Count);
        Assert.Equal(1, SimulatedOpenAi.Sum(buckets, missing).ErrorsByType.Values.Sum());

        // The simulator answers in well under 10 ms, inside the SDK's first duration bucket: each export's calls
        // are placed at their mean, so the median lies within what the SDK measured.
        Assert.Equal(3, durations.Count);
        foreach (var bucket in buckets.Where(b => b.Key.Model == healthy))
        {
            Assert.InRange(bucket.LatencyP50Seconds!.Value, durations.Min() * 0.97, durations.Max() * 1.03);
        }

        Assert.Contains(buckets, b => b.Key.Model == healthy && b.TimeToFirstTokenP50Seconds is not null);
        Assert.True(host.Services.GetRequiredService<CollectorMetrics>().RecordsTotal("metrics", "accepted") > 0);
        Assert.Equal(0, host.Services.GetRequiredService<CollectorMetrics>().SpansTotal("accepted"));
    }

    [Theory]
    [InlineData(OtlpExportProtocol.HttpProtobuf)]
    [InlineData(OtlpExportProtocol.Grpc)]
    public async Task ApplicationExportingSpansAndMetrics_IsCountedOnce(OtlpExportProtocol protocol)
    {
        var model = $"meai-both-{protocol}";
        await using var simulator = await SimulatedOpenAi.StartAsync([model]);
        await using var host = await CollectorHost.StartAsync();
        var client = ClientFor(simulator);

        long inputTokens = 0;
        using (var tracing = Sdk.CreateTracerProviderBuilder()
            .AddSource(DefaultSource)
            .AddOtlpExporter(options => host.ConfigureExporter(options, protocol))
            .Build())
        using (var metering = Sdk.CreateMeterProviderBuilder()
            .AddMeter(DefaultSource)
            .AddOtlpExporter((exporter, reader) =>
            {
                host.ConfigureExporter(exporter, protocol, "metrics");
                reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = 60_000;
            })
            .Build())
        {
            foreach (var prompt in (string[])["Say hello in English.", "Name a colour.", "Explain what a queue is."])
            {
                inputTokens += (await client(model).GetResponseAsync(prompt)).Usage!.InputTokenCount!.Value;
            }

            // Spans go as each call ends (simple processor); the metrics follow, as with the SDKs' default intervals.
            Assert.True(tracing.ForceFlush(10_000));
            Assert.True(metering.ForceFlush(10_000));
        }

        var calls = SimulatedOpenAi.Sum(await host.BucketsAsync(), model);
        Assert.Equal(3, calls.Count);
        Assert.Equal(inputTokens, calls.InputTokens);
        Assert.Equal(3, calls.OutputsAnalysed);
        var metrics = host.Services.GetRequiredService<CollectorMetrics>();
        Assert.Equal(0, metrics.RecordsTotal("metrics", "accepted"));
        Assert.True(metrics.RecordsTotal("metrics", "ignored") > 0, "the metrics reached the collector and were left to the spans");
    }

    private static Func<string, IChatClient> ClientFor(Simulator.SimulatorHost simulator)
    {
        var openAi = SimulatedOpenAi.Client(simulator);
        return model => openAi.GetChatClient(model).AsIChatClient()
            .AsBuilder()
            .UseOpenTelemetry(configure: telemetry => telemetry.EnableSensitiveData = true)
            .Build();
    }

    /// <summary>The durations Microsoft.Extensions.AI records for <paramref name="model"/>, as the SDK receives them.</summary>
    private static MeterListener ListenToDurations(string model, List<double> durations)
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == DefaultSource && instrument.Name == "gen_ai.client.operation.duration")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<double>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "gen_ai.request.model" && (string?)tag.Value == model)
                {
                    lock (durations)
                    {
                        durations.Add(value);
                    }
                }
            }
        });
        listener.Start();
        return listener;
    }
}
