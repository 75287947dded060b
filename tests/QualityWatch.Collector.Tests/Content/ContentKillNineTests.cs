using System.Collections.Concurrent;
using System.Net;
using QualityWatch.Collector.Tests.Support;
using QualityWatch.Storage;
using QualityWatch.Storage.Telemetry;
using QualityWatch.TestSupport.Networking;

namespace QualityWatch.Collector.Tests.Content;

/// <summary>Content is acknowledged like the calls: a real collector process killed with SIGKILL loses no acknowledged content.</summary>
public sealed class ContentKillNineTests
{
    [Fact]
    public async Task KillNine_WithContentStorageOn_EveryAcknowledgedCallHasItsContentAndItsCount()
    {
        var directory = Path.Combine(Path.GetTempPath(), "qw-content-kill9-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var database = Path.Combine(directory, "qualitywatch.db");
        var port = FreePort.Next();
        var acknowledged = new ConcurrentBag<(string TraceId, string SpanId)>();

        using (var collector = CollectorProcess.Start(database, port, new Dictionary<string, string> { ["QW__Collector__Content__Store"] = "true" }))
        {
            using var client = await CollectorProcess.WaitUntilReadyAsync(port, collector);
            using var stop = new CancellationTokenSource();
            var senders = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    var spans = Enumerable.Range(0, 10).Select(i => ContentSpans.With(ContentSpans.Semconv, "sys", $"question {i}", $"answer {i}", model: "durable-content")).ToArray();
                    try
                    {
                        var response = await client.PostAsync("/v1/traces", Spans.Protobuf(Spans.Request(spans)));
                        if (response.StatusCode == HttpStatusCode.OK)
                        {
                            foreach (var span in spans)
                            {
                                acknowledged.Add((ContentSpans.TraceId(span), ContentSpans.SpanId(span)));
                            }
                        }
                    }
                    catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
                    {
                        return;
                    }
                }
            })).ToArray();

            while (acknowledged.Count < 600)
            {
                await Task.Delay(5);
            }

            collector.Kill();
            await stop.CancelAsync();
            await Task.WhenAll(senders);
            await collector.WaitForExitAsync();
        }

        await using var db = await QualityWatchDatabase.OpenAsync(new StorageOptions { Path = database }, TelemetryStorage.Migrations, CancellationToken.None);
        var stored = new HashSet<(string, string)>();
        await using (var connection = await db.OpenConnectionAsync(CancellationToken.None))
        await using (var select = connection.CreateCommand())
        {
            select.CommandText = "SELECT trace_id, span_id FROM telemetry_call_content";
            await using var reader = await select.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                stored.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        var missing = acknowledged.Where(a => !stored.Contains(a)).ToList();
        Assert.True(missing.Count == 0, $"{missing.Count} of {acknowledged.Count} acknowledged calls have no stored content");

        await using var store = await TelemetryStore.OpenAsync(db, new TelemetryStoreOptions(), TimeProvider.System, CancellationToken.None);
        var counted = (await store.QueryBucketsAsync(DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddHours(1), CancellationToken.None))
            .Where(b => b.Key.Model == "durable-content").Sum(b => b.Count);
        Assert.True(counted >= acknowledged.Count, $"counted {counted} calls but {acknowledged.Count} were acknowledged");
        Directory.Delete(directory, recursive: true);
    }
}
