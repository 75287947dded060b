using System.Diagnostics;
using System.Text.Json;

namespace QualityWatch.Alerts.Tests.Infrastructure;

/// <summary>A real Alertmanager (<c>/usr/bin/prometheus-alertmanager</c>) on a loopback port, with temp config and storage.</summary>
internal sealed class AlertmanagerProcess : IAsyncDisposable
{
    private const string Binary = "/usr/bin/prometheus-alertmanager";
    private readonly Process _process;
    private readonly string _directory;

    private AlertmanagerProcess(Process process, string directory, Uri baseAddress)
    {
        _process = process;
        _directory = directory;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public static async Task<AlertmanagerProcess> StartAsync(int? port = null)
    {
        var directory = Directory.CreateTempSubdirectory("qw-am-").FullName;
        var config = Path.Combine(directory, "alertmanager.yml");
        await File.WriteAllTextAsync(config, """
            route:
              receiver: blackhole
              group_wait: 1s
              group_interval: 1s
            receivers:
              - name: blackhole
            """);
        var listen = port ?? FreePort.Next();
        var start = new ProcessStartInfo(Binary)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
                 {
                     $"--config.file={config}", $"--storage.path={Path.Combine(directory, "data")}",
                     $"--web.listen-address=127.0.0.1:{listen}", "--cluster.listen-address=", "--log.level=warn",
                 })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("alertmanager did not start");
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        var alertmanager = new AlertmanagerProcess(process, directory, new Uri($"http://127.0.0.1:{listen}"));
        using var client = new HttpClient { BaseAddress = alertmanager.BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"alertmanager exited with {process.ExitCode}");
            }

            try
            {
                using var ready = await client.GetAsync(new Uri("/-/ready", UriKind.Relative));
                if (ready.IsSuccessStatusCode)
                {
                    return alertmanager;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Slow start on a busy machine.
            }

            await Task.Delay(100);
        }

        await alertmanager.DisposeAsync();
        throw new TimeoutException("alertmanager did not become ready in 20 s");
    }

    /// <summary>Active alerts as Alertmanager reports them (<c>GET /api/v2/alerts</c>).</summary>
    public async Task<IReadOnlyList<JsonElement>> GetAlertsAsync()
    {
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        await using var stream = await client.GetStreamAsync(new Uri("/api/v2/alerts", UriKind.Relative));
        using var document = await JsonDocument.ParseAsync(stream);
        return document.RootElement.EnumerateArray().Select(e => e.Clone()).ToList();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
