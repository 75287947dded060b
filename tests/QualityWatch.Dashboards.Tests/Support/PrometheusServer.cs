using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using QualityWatch.TestSupport.Networking;

namespace QualityWatch.Dashboards.Tests.Support;

/// <summary>
/// A real Prometheus server (the Debian package's <c>/usr/bin/prometheus</c>) on a free loopback port with its own
/// temporary configuration and TSDB, scraping the given targets and loading the given rule files.
/// </summary>
public sealed class PrometheusServer : IAsyncDisposable
{
    public const string Executable = "/usr/bin/prometheus";

    private readonly Process _process;
    private readonly string _directory;
    private readonly StringBuilder _log;
    private readonly HttpClient _http;

    private PrometheusServer(Process process, string directory, StringBuilder log, Uri baseAddress)
    {
        _process = process;
        _directory = directory;
        _log = log;
        BaseAddress = baseAddress;
        _http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri BaseAddress { get; }

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>Starts Prometheus and waits until it reports ready.</summary>
    /// <param name="scrapeTargets">host:port targets of the <c>qualitywatch</c> job; <c>self</c> scrapes Prometheus itself.</param>
    public static async Task<PrometheusServer> StartAsync(
        IReadOnlyList<string> scrapeTargets, IReadOnlyList<string> ruleFiles, TimeSpan interval, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(scrapeTargets);
        ArgumentNullException.ThrowIfNull(ruleFiles);
        // The port is chosen before Prometheus binds it; another process may take it in between, so retry.
        for (var attempt = 1; ; attempt++)
        {
            var directory = Directory.CreateTempSubdirectory("qw-prometheus-").FullName;
            var port = FreePort.Next();
            var listen = $"127.0.0.1:{port}";
            var targets = scrapeTargets.Select(t => t == "self" ? listen : t).ToList();
            var configPath = Path.Combine(directory, "prometheus.yml");
            await File.WriteAllTextAsync(configPath, Configuration(targets, ruleFiles, interval), ct);

            var startInfo = new ProcessStartInfo(Executable)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = directory,
            };
            startInfo.ArgumentList.Add($"--config.file={configPath}");
            startInfo.ArgumentList.Add($"--storage.tsdb.path={Path.Combine(directory, "data")}");
            startInfo.ArgumentList.Add($"--web.listen-address={listen}");
            startInfo.ArgumentList.Add("--log.level=warn");

            var log = new StringBuilder();
            var process = Process.Start(startInfo) ?? throw new InvalidOperationException("could not start prometheus");
            void Append(object? sender, DataReceivedEventArgs e)
            {
                if (e.Data is not null)
                {
                    lock (log)
                    {
                        log.AppendLine(e.Data);
                    }
                }
            }

            process.OutputDataReceived += Append;
            process.ErrorDataReceived += Append;
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();

            var server = new PrometheusServer(process, directory, log, new Uri($"http://{listen}/"));
            if (await server.WaitUntilReadyAsync(TimeSpan.FromSeconds(30), ct))
            {
                return server;
            }

            var output = server.Log;
            await server.DisposeAsync();
            if (attempt >= 3 || !output.Contains("address already in use", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"Prometheus did not become ready:\n{output}");
            }
        }
    }

    /// <summary>Runs an instant query through <c>/api/v1/query</c>.</summary>
    public async Task<PrometheusQueryResult> QueryAsync(string promQl, CancellationToken ct = default)
    {
        using var content = new FormUrlEncodedContent([new KeyValuePair<string, string>("query", promQl)]);
        using var response = await _http.PostAsync(new Uri("api/v1/query", UriKind.Relative), content, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        var json = JsonNode.Parse(body)?.AsObject() ?? new JsonObject();
        var data = json["data"];
        var result = data?["result"];
        var seriesCount = result switch
        {
            JsonArray array when (string?)data?["resultType"] is "vector" or "matrix" => array.Count,
            JsonArray => 1,  // scalar or string: [time, value]
            _ => 0,
        };
        return new PrometheusQueryResult(
            promQl, (string?)json["status"] ?? "unknown", (string?)json["errorType"], (string?)json["error"],
            (string?)data?["resultType"], seriesCount, body);
    }

    /// <summary>The parsed <c>/api/v1/rules</c> answer: every rule group Prometheus loaded.</summary>
    public async Task<JsonArray> RuleGroupsAsync(CancellationToken ct = default)
    {
        var body = await _http.GetStringAsync(new Uri("api/v1/rules", UriKind.Relative), ct);
        return JsonNode.Parse(body)?["data"]?["groups"]?.AsArray() ?? [];
    }

    /// <summary>The parsed <c>/api/v1/targets</c> active targets.</summary>
    public async Task<JsonArray> ActiveTargetsAsync(CancellationToken ct = default)
    {
        var body = await _http.GetStringAsync(new Uri("api/v1/targets", UriKind.Relative), ct);
        return JsonNode.Parse(body)?["data"]?["activeTargets"]?.AsArray() ?? [];
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        catch (TimeoutException)
        {
            // Leave it to the OS; the temp directory may then stay behind.
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open; temp folders are cleaned by the OS.
        }
    }

    private static string Configuration(IReadOnlyList<string> targets, IReadOnlyList<string> ruleFiles, TimeSpan interval)
    {
        var seconds = $"{interval.TotalSeconds.ToString(CultureInfo.InvariantCulture)}s";
        var config = new StringBuilder()
            .AppendLine("global:")
            .AppendLine($"  scrape_interval: {seconds}")
            .AppendLine($"  scrape_timeout: {seconds}")
            .AppendLine($"  evaluation_interval: {seconds}")
            .AppendLine("rule_files:");
        foreach (var ruleFile in ruleFiles)
        {
            config.AppendLine($"  - '{ruleFile}'");
        }

        config.AppendLine("scrape_configs:")
            .AppendLine("  - job_name: qualitywatch")
            .AppendLine("    metrics_path: /metrics")
            .AppendLine("    static_configs:")
            .AppendLine("      - targets:");
        foreach (var target in targets)
        {
            config.AppendLine($"          - '{target}'");
        }

        return config.ToString();
    }

    private async Task<bool> WaitUntilReadyAsync(TimeSpan timeout, CancellationToken ct)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            if (_process.HasExited)
            {
                return false;
            }

            try
            {
                using var response = await _http.GetAsync(new Uri("-/ready", UriKind.Relative), ct);
                if (response.IsSuccessStatusCode)
                {
                    return true;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100, ct);
        }

        return false;
    }
}
