using System.Net;
using QualityWatch.Collector.Tests.Support;
using QualityWatch.Storage;
using QualityWatch.Storage.Telemetry;
using QualityWatch.TestSupport.Networking;

namespace QualityWatch.Collector.Tests.Durability;

/// <summary>A real collector process is killed with SIGKILL while clients send; every acknowledged span survives the restart.</summary>
public sealed class KillNineDurabilityTests
{
    [Fact]
    public async Task KillNine_RightAfterAcknowledgements_LosesNoAcknowledgedSpan()
    {
        var directory = Path.Combine(Path.GetTempPath(), "qw-kill9-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var database = Path.Combine(directory, "qualitywatch.db");
        var port = FreePort.Next();
        long acknowledged = 0;

        using (var first = CollectorProcess.Start(database, port))
        {
            using var client = await CollectorProcess.WaitUntilReadyAsync(port, first);
            using var stop = new CancellationTokenSource();
            var senders = Enumerable.Range(0, 6).Select(_ => Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    var spans = Enumerable.Range(0, 25).Select(_ => Spans.Llm(model: "durable")).ToArray();
                    try
                    {
                        var response = await client.PostAsync("/v1/traces", Spans.Protobuf(Spans.Request(spans)));
                        if (response.StatusCode == HttpStatusCode.OK)
                        {
                            Interlocked.Add(ref acknowledged, spans.Length);
                        }
                    }
                    catch (HttpRequestException)
                    {
                        return;
                    }
                    catch (TaskCanceledException)
                    {
                        return;
                    }
                }
            })).ToArray();

            while (Interlocked.Read(ref acknowledged) < 3000)
            {
                await Task.Delay(5);
            }

            first.Kill();
            var killedAt = Interlocked.Read(ref acknowledged);
            await stop.CancelAsync();
            await Task.WhenAll(senders);
            await first.WaitForExitAsync();
            Assert.True(acknowledged - killedAt <= 6 * 25, "no acknowledgement can arrive after the process died, beyond responses already in flight");
        }

        using (var second = CollectorProcess.Start(database, port))
        {
            using var client = await CollectorProcess.WaitUntilReadyAsync(port, second);
            second.Kill();
            await second.WaitForExitAsync();
        }

        await using var db = await QualityWatchDatabase.OpenAsync(new StorageOptions { Path = database }, TelemetryStorage.Migrations, CancellationToken.None);
        await using var store = await TelemetryStore.OpenAsync(db, new TelemetryStoreOptions(), TimeProvider.System, CancellationToken.None);
        var stored = (await store.QueryBucketsAsync(DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddHours(1), CancellationToken.None))
            .Where(b => b.Key.Model == "durable").Sum(b => b.Count);
        Assert.True(stored >= acknowledged, $"stored {stored} spans but {acknowledged} were acknowledged");
        Assert.Equal(0, stored % 25);
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
