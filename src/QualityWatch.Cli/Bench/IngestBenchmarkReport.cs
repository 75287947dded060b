using System.Globalization;
using System.Text;

namespace QualityWatch.Cli.Bench;

/// <summary>
/// The result of <c>bench ingest</c>: the collector against the null endpoint, and their ratio; then the collector's
/// pipeline called in-process, which shows what ingestion costs without HTTP.
/// </summary>
internal sealed record IngestBenchmarkReport(IngestBenchmarkSettings Settings, LoadResult Collector, LoadResult Null, LoadResult InProcess)
{
    public double Ratio => Null.SpansPerSecond == 0 ? 0 : Collector.SpansPerSecond / Null.SpansPerSecond;

    public string ToText()
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine(c, $"bench ingest: {Settings.ProtocolName}, {Settings.Connections} connections, {Settings.SpansPerRequest} spans/request, {Settings.Seconds}s per target{(Settings.StoreContent ? ", prompts and completions stored" : Settings.WithContent ? ", completions analysed (not stored)" : string.Empty)}");
        text.AppendLine("target      spans/s     requests  failed  p50 ms  p99 ms  peak MB  cpu ms/req  cores");
        foreach (var result in new[] { Collector, Null, InProcess })
        {
            text.AppendLine(c, $"{result.Target,-10} {result.SpansPerSecond,9:F0} {result.Requests,10} {result.Failed,7} {result.P50Milliseconds,7:F1} {result.P99Milliseconds,7:F1} {result.PeakWorkingSetBytes / (1024.0 * 1024.0),8:F0} {result.CpuMillisecondsPerRequest,11:F2} {result.CoresUsed,6:F2}");
        }

        text.AppendLine(c, $"ratio collector/null: {Ratio:F2}");
        text.Append(c, $"machine: {Environment.ProcessorCount} cores, load average {LoadAverage()} (cpu ms/req includes the load client in this process; in-process calls the collector's pipeline directly, no HTTP)");
        return text.ToString();
    }

    /// <summary>The 1-minute load average on Linux (other work on the machine skews spans/s), or "n/a".</summary>
    private static string LoadAverage()
    {
        try
        {
            return File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";
        }
        catch (IOException)
        {
            return "n/a";
        }
    }
}
