using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using QualityWatch.Collector.Tests.Support;
using QualityWatch.Storage;
using QualityWatch.Storage.Telemetry;

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
        var port = FreePort();
        long acknowledged = 0;

        using (var first = StartCollector(database, port))
        {
            using var client = await WaitUntilReadyAsync(port, first);
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

        using (var second = StartCollector(database, port))
        {
            using var client = await WaitUntilReadyAsync(port, second);
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

    private static Process StartCollector(string database, int port)
    {
        var dll = Path.Combine(Path.GetDirectoryName(typeof(CollectorApplication).Assembly.Location)!, "QualityWatch.Collector.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(dll);
        start.Environment["QW__Collector__HttpPort"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["QW__Collector__GrpcPort"] = "-1";
        start.Environment["QW__Collector__ListenAddress"] = "127.0.0.1";
        start.Environment["QW__Storage__Path"] = database;
        start.Environment["QW__Security__IngestKeys__0"] = CollectorHost.IngestKey;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task<HttpClient> WaitUntilReadyAsync(int port, Process process)
    {
        var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(20) };
        client.DefaultRequestHeaders.Add("x-api-key", CollectorHost.IngestKey);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            Assert.False(process.HasExited, "the collector process exited during start");
            try
            {
                if ((await client.GetAsync("/health/ready")).IsSuccessStatusCode)
                {
                    return client;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("the collector did not become ready");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
