using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;

namespace QualityWatch.Cli.Tests.Serve;

/// <summary>
/// Starts the real <c>qualitywatch serve</c> process on the shipped sample <c>qualitywatch.yaml</c> (ports and
/// storage overridden through <c>QW__</c> environment variables, as an SRE would) and checks what an operator sees.
/// </summary>
public sealed partial class ServeCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("qw-serve-test-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Serve_SampleConfiguration_ServesHealthMetricsAndReviewPage_AndStopsCleanlyOnSigterm()
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            WorkingDirectory = _directory,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "qualitywatch.dll"));
        info.ArgumentList.Add("serve");
        info.ArgumentList.Add("--config");
        info.ArgumentList.Add(SampleConfiguration());
        info.Environment["QW__Storage__Path"] = Path.Combine(_directory, "qw.db");
        info.Environment["QW__Collector__ListenAddress"] = "127.0.0.1";
        info.Environment["QW__Collector__HttpPort"] = "0";
        info.Environment["QW__Collector__GrpcPort"] = "0";
        info.Environment["Logging__LogLevel__QualityWatch.Requests"] = "Debug";

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        try
        {
            var port = await ReadHttpPortAsync(process.StandardError);
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(30) };

            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("health/live")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("health/ready")).StatusCode);
            var metrics = await http.GetStringAsync("metrics");
            Assert.Contains("qualitywatch_ingest_spans_total", metrics, StringComparison.Ordinal);
            var page = await http.GetAsync("");
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("api/alerts")).StatusCode);

            using var term = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
            await term.WaitForExitAsync();
            using var exited = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await process.WaitForExitAsync(exited.Token);
            Assert.Equal(0, process.ExitCode);
            Assert.DoesNotContain("\"LogLevel\":\"Error\"", await stdout, StringComparison.Ordinal);
            Assert.DoesNotContain("Request starting", await stdout, StringComparison.Ordinal);
            Assert.Contains("Requests in the last minute:", await stdout, StringComparison.Ordinal);
            Assert.Contains("GET /health/live 200 in", await stdout, StringComparison.Ordinal);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    [Fact]
    public async Task Serve_MissingConfigurationFile_ExitsTwoWithOneLine()
    {
        var stderr = new StringWriter();

        var exitCode = await CliApplication.RunAsync(["serve", "--config", Path.Combine(_directory, "absent.yaml")], new CliConsole(new StringWriter(), stderr), CancellationToken.None);

        Assert.Equal(ExitCodes.UsageError, exitCode);
        Assert.Contains("configuration file not found", stderr.ToString(), StringComparison.Ordinal);
        Assert.Single(stderr.ToString().TrimEnd().Split('\n'));
    }

    private static async Task<int> ReadHttpPortAsync(StreamReader stderr)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var seen = new List<string>();
        while (await stderr.ReadLineAsync(timeout.Token) is { } line)
        {
            seen.Add(line);
            if (ListeningLine().Match(line) is { Success: true } match)
            {
                return int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        throw new InvalidOperationException("serve exited before listening: " + string.Join(" | ", seen));
    }

    /// <summary>The shipped sample <c>qualitywatch.yaml</c> at the repository root.</summary>
    internal static string SampleConfiguration()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "qualitywatch.yaml");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("the sample qualitywatch.yaml at the repository root");
    }

    [GeneratedRegex(@"OTLP/HTTP :(\d+)")]
    private static partial Regex ListeningLine();
}
