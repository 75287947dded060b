using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using QualityWatch.Collector;
using QualityWatch.Collector.Ingest;
using QualityWatch.Collector.Otlp.Proto.Collector;
using QualityWatch.Collector.Otlp.Proto.Common;
using QualityWatch.Collector.Otlp.Proto.Resource;
using QualityWatch.Collector.Otlp.Proto.Trace;

namespace QualityWatch.Cli.Bench;

/// <summary>
/// Drives OTLP/HTTP protobuf (or OTLP/gRPC) load from several connections at a real collector (SQLite in a temp folder,
/// durable acknowledgements) and, in the same run, at a null endpoint on the same Kestrel that only reads the body, so
/// the ratio shows what decoding, mapping and durable storage cost on this machine.
/// </summary>
internal static class IngestBenchmark
{
    private const string Key = "bench-ingest-key";

    /// <summary>Runs <see cref="IngestBenchmarkSettings.Rounds"/> rounds one after the other, on the same requests.</summary>
    public static async Task<IngestBenchmarkRounds> RunRoundsAsync(IngestBenchmarkSettings settings, CancellationToken cancellationToken)
    {
        var payloads = Payloads(settings);
        var reports = new List<IngestBenchmarkReport>();
        for (var round = 0; round < Math.Max(1, settings.Rounds); round++)
        {
            reports.Add(await RunAsync(settings, payloads, cancellationToken));
        }

        return new IngestBenchmarkRounds(reports);
    }

    /// <summary>One round: the null endpoint, then the collector over HTTP, then its pipeline in-process.</summary>
    public static Task<IngestBenchmarkReport> RunAsync(IngestBenchmarkSettings settings, CancellationToken cancellationToken) =>
        RunAsync(settings, Payloads(settings), cancellationToken);

    private static byte[][] Payloads(IngestBenchmarkSettings settings) =>
        Enumerable.Range(0, 16).Select(i => BuildRequest(settings.SpansPerRequest, i, settings.WithContent).ToByteArray()).ToArray();

    private static async Task<IngestBenchmarkReport> RunAsync(IngestBenchmarkSettings settings, byte[][] payloads, CancellationToken cancellationToken)
    {
        var directory = Path.Combine(Path.GetTempPath(), "qw-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            var nullResult = await RunNullAsync(settings, payloads, cancellationToken);
            var (collectorResult, pipelineResult) = await RunCollectorAsync(settings, payloads, directory, cancellationToken);
            return new IngestBenchmarkReport(settings, collectorResult, nullResult, pipelineResult);
        }
        finally
        {
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>
    /// The collector over HTTP, then the same collector's ingest pipeline called in-process by as many workers (no
    /// HTTP, no client): the second run shows what ingestion itself costs.
    /// </summary>
    private static async Task<(LoadResult Http, LoadResult InProcess)> RunCollectorAsync(IngestBenchmarkSettings settings, byte[][] payloads, string directory, CancellationToken cancellationToken)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Collector:HttpPort"] = "0",
            ["Collector:GrpcPort"] = settings.Grpc ? "0" : "-1",
            ["Collector:ListenAddress"] = "127.0.0.1",
            ["Storage:Path"] = Path.Combine(directory, "bench.db"),
            ["Security:IngestKeys:0"] = Key,
            ["Collector:Content:Store"] = settings.StoreContent ? "true" : "false",
        }).Build();
        await using var app = CollectorApplication.Build(configuration, builder => builder.Logging.ClearProviders());
        await app.StartAsync(cancellationToken);
        var endpoints = app.Services.GetRequiredService<CollectorEndpoints>();
        var url = settings.Grpc
            ? new Uri($"http://127.0.0.1:{endpoints.GrpcPort}{IngestBenchmarkSettings.GrpcExportPath}")
            : new Uri($"http://127.0.0.1:{endpoints.HttpPort}/v1/traces");
        var result = await DriveAsync("collector", url, settings, payloads, cancellationToken);
        var pipeline = app.Services.GetRequiredService<IngestPipeline>();
        var inProcess = await DriveAsync("in-process", settings, payloads, _ => async payload =>
        {
            var outcome = await pipeline.IngestProtobufAsync(payload, cancellationToken);
            return outcome.Status == IngestStatus.Stored;
        }, cancellationToken);
        await app.StopAsync(cancellationToken);
        return (result, inProcess);
    }

    private static async Task<LoadResult> RunNullAsync(IngestBenchmarkSettings settings, byte[][] payloads, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        ListenOptions? listen = null;
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l =>
        {
            // gRPC without TLS is HTTP/2 with prior knowledge, as on the collector's gRPC port.
            l.Protocols = settings.Grpc ? HttpProtocols.Http2 : HttpProtocols.Http1;
            listen = l;
        }));
        await using var app = builder.Build();
        var empty = new ExportTraceServiceResponse().ToByteArray();
        app.MapPost(settings.Grpc ? IngestBenchmarkSettings.GrpcExportPath : "/v1/traces", async (HttpContext context) =>
        {
            var buffer = new byte[64 * 1024];
            while (await context.Request.Body.ReadAsync(buffer, context.RequestAborted) > 0)
            {
            }

            if (settings.Grpc)
            {
                // One length-prefixed message (uncompressed) and grpc-status 0 in the trailers: the smallest valid answer.
                context.Response.ContentType = "application/grpc";
                await context.Response.Body.WriteAsync(GrpcFrame(empty), context.RequestAborted);
                context.Response.AppendTrailer("grpc-status", "0");
                return;
            }

            context.Response.ContentType = "application/x-protobuf";
            await context.Response.Body.WriteAsync(empty, context.RequestAborted);
        });
        await app.StartAsync(cancellationToken);
        var path = settings.Grpc ? IngestBenchmarkSettings.GrpcExportPath : "/v1/traces";
        var result = await DriveAsync("null", new Uri($"http://127.0.0.1:{listen!.IPEndPoint!.Port}{path}"), settings, payloads, cancellationToken);
        await app.StopAsync(cancellationToken);
        return result;
    }

    private static async Task<LoadResult> DriveAsync(string target, Uri url, IngestBenchmarkSettings settings, byte[][] payloads, CancellationToken cancellationToken)
    {
        var clients = new List<HttpClient>();
        try
        {
            return await DriveAsync(target, settings, payloads, _ =>
            {
                // One connection per sender; over HTTP/2 one stream at a time on it, like an SDK exporter's single channel.
                var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1, EnableMultipleHttp2Connections = false });
                client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Key);
                lock (clients)
                {
                    clients.Add(client);
                }

                return settings.Grpc ? payload => SendGrpcAsync(client, url, payload, cancellationToken) : async payload =>
                {
                    var content = new ByteArrayContent(payload);
                    content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
                    using var response = await client.PostAsync(url, content, cancellationToken);
                    await response.Content.ReadAsByteArrayAsync(cancellationToken);
                    return response.StatusCode == HttpStatusCode.OK;
                };
            }, cancellationToken);
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }
    }

    /// <summary>One unary OTLP/gRPC export on HTTP/2 (prior knowledge); true when the call ends with grpc-status 0.</summary>
    private static async Task<bool> SendGrpcAsync(HttpClient client, Uri url, byte[] payload, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(GrpcFrame(payload)),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        request.Headers.TE.ParseAdd("trailers");
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        // A failed call may answer with its status in the headers alone (trailers-only).
        var status = response.TrailingHeaders.TryGetValues("grpc-status", out var trailer) ? trailer.FirstOrDefault()
            : response.Headers.TryGetValues("grpc-status", out var header) ? header.FirstOrDefault() : null;
        return response.StatusCode == HttpStatusCode.OK && status == "0";
    }

    /// <summary>A gRPC message frame: compressed flag 0, the length big-endian in four bytes, the message.</summary>
    private static byte[] GrpcFrame(byte[] message)
    {
        var frame = new byte[5 + message.Length];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)message.Length);
        message.CopyTo(frame, 5);
        return frame;
    }

    /// <summary>
    /// Runs one sender per connection, first for the warm-up (not measured: the JIT's tiers and the connections settle),
    /// then for the configured time; each sender says whether its request was stored.
    /// </summary>
    private static async Task<LoadResult> DriveAsync(string target, IngestBenchmarkSettings settings, byte[][] payloads, Func<int, Func<byte[], Task<bool>>> newSender, CancellationToken cancellationToken)
    {
        var senders = Enumerable.Range(0, settings.Connections).Select(newSender).ToArray();
        if (settings.WarmupSeconds > 0)
        {
            await SendAsync(senders, payloads, TimeSpan.FromSeconds(settings.WarmupSeconds), latencies: null, cancellationToken);
        }

        GC.Collect();
        using var process = Process.GetCurrentProcess();
        long peak = 0;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                process.Refresh();
                peak = Math.Max(peak, process.WorkingSet64);
                try
                {
                    await Task.Delay(50, sampling.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }, CancellationToken.None);

        process.Refresh();
        var cpuBefore = process.TotalProcessorTime;
        var latencies = new List<double>[settings.Connections];
        var stopwatch = Stopwatch.StartNew();
        var (requests, failed) = await SendAsync(senders, payloads, TimeSpan.FromSeconds(settings.Seconds), latencies, cancellationToken);
        var spans = (requests - failed) * settings.SpansPerRequest;
        var elapsed = stopwatch.Elapsed;
        process.Refresh();
        var cpu = process.TotalProcessorTime - cpuBefore;
        await sampling.CancelAsync();
        await sampler;

        var all = latencies.SelectMany(l => l).Order().ToArray();
        double Percentile(double q) => all.Length == 0 ? 0 : all[(int)Math.Min(all.Length - 1, Math.Floor(q * all.Length))];
        return new LoadResult(target, spans, requests, failed, elapsed, Percentile(0.50), Percentile(0.99), peak, cpu);
    }

    /// <summary>Each sender sends back to back for <paramref name="duration"/>; returns requests sent and those not stored.</summary>
    private static async Task<(long Requests, long Failed)> SendAsync(Func<byte[], Task<bool>>[] senders, byte[][] payloads, TimeSpan duration, List<double>[]? latencies, CancellationToken cancellationToken)
    {
        long requests = 0, failed = 0;
        var stopwatch = Stopwatch.StartNew();
        var workers = senders.Select((send, worker) => Task.Run(async () =>
        {
            var recorded = latencies is null ? null : latencies[worker] = [];
            var index = worker;
            while (stopwatch.Elapsed < duration && !cancellationToken.IsCancellationRequested)
            {
                var started = Stopwatch.GetTimestamp();
                var stored = await send(payloads[index++ % payloads.Length]);
                recorded?.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                Interlocked.Increment(ref requests);
                if (!stored)
                {
                    Interlocked.Increment(ref failed);
                }
            }
        }, cancellationToken)).ToArray();
        await Task.WhenAll(workers);
        return (requests, failed);
    }

    /// <summary>
    /// A realistic request: GenAI chat spans across a few providers and models, as an instrumented app sends them;
    /// with <paramref name="content"/>, each also carries its prompt and completion (semantic-convention messages).
    /// </summary>
    internal static ExportTraceServiceRequest BuildRequest(int spanCount, int seed, bool content = false)
    {
        var random = new Random(seed);
        string[] providers = ["openai", "anthropic", "aws.bedrock", "azure.ai.openai"];
        string[] models = ["gpt-4o", "gpt-4o-mini", "claude-sonnet-4", "llama-3-70b"];
        var scope = new ScopeSpans { Scope = new InstrumentationScope { Name = "bench", Version = "1.0" } };
        var now = (ulong)(DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).Ticks * 100;
        for (var i = 0; i < spanCount; i++)
        {
            var model = models[random.Next(models.Length)];
            var start = now - (ulong)random.Next(0, 60_000) * 1_000_000;
            var span = new Span
            {
                TraceId = ByteString.CopyFrom(Guid.NewGuid().ToByteArray()),
                SpanId = ByteString.CopyFrom(BitConverter.GetBytes(random.NextInt64())),
                Name = "chat " + model,
                Kind = Span.Types.SpanKind.Client,
                StartTimeUnixNano = start,
                EndTimeUnixNano = start + (ulong)random.Next(50, 5000) * 1_000_000,
            };
            span.Attributes.Add(Attr("gen_ai.provider.name", providers[random.Next(providers.Length)]));
            span.Attributes.Add(Attr("gen_ai.operation.name", "chat"));
            span.Attributes.Add(Attr("gen_ai.request.model", model));
            span.Attributes.Add(Attr("gen_ai.response.model", model + "-2025-01-01"));
            span.Attributes.Add(new KeyValue { Key = "gen_ai.usage.input_tokens", Value = new AnyValue { IntValue = random.Next(10, 4000) } });
            span.Attributes.Add(new KeyValue { Key = "gen_ai.usage.output_tokens", Value = new AnyValue { IntValue = random.Next(1, 1000) } });
            span.Attributes.Add(new KeyValue { Key = "gen_ai.response.finish_reasons", Value = new AnyValue { ArrayValue = new ArrayValue { Values = { new AnyValue { StringValue = random.Next(20) == 0 ? "length" : "stop" } } } } });
            span.Attributes.Add(Attr("server.address", "api.example.com"));
            if (content)
            {
                span.Attributes.Add(Attr("gen_ai.input.messages", $$"""[{"role":"user","parts":[{"type":"text","content":"What is the capital of country {{i % 50}}? Answer in one word."}]}]"""));
                span.Attributes.Add(Attr("gen_ai.output.messages", $$"""[{"role":"assistant","parts":[{"type":"text","content":"Capital number {{random.Next(1000)}}."}],"finish_reason":"stop"}]"""));
            }

            scope.Spans.Add(span);
        }

        var resourceSpans = new ResourceSpans { Resource = new Resource { Attributes = { Attr("service.name", "bench-app") } } };
        resourceSpans.ScopeSpans.Add(scope);
        return new ExportTraceServiceRequest { ResourceSpans = { resourceSpans } };
    }

    private static KeyValue Attr(string key, string value) => new() { Key = key, Value = new AnyValue { StringValue = value } };
}
