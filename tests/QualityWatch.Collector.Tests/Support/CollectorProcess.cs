using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace QualityWatch.Collector.Tests.Support;

/// <summary>The collector as a real child process (<c>dotnet QualityWatch.Collector.Host.dll</c>), configured through <c>QW__</c> variables.</summary>
internal static class CollectorProcess
{
    public static Process Start(string database, int port, IDictionary<string, string>? environment = null)
    {
        var dll = Path.Combine(Path.GetDirectoryName(typeof(CollectorApplication).Assembly.Location)!, "QualityWatch.Collector.Host.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(dll);
        start.Environment["QW__Collector__HttpPort"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["QW__Collector__GrpcPort"] = "-1";
        start.Environment["QW__Collector__ListenAddress"] = "127.0.0.1";
        start.Environment["QW__Storage__Path"] = database;
        start.Environment["QW__Security__IngestKeys__0"] = CollectorHost.IngestKey;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    public static async Task<HttpClient> WaitUntilReadyAsync(int port, Process process)
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
}
