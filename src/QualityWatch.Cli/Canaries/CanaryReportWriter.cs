using System.Text.Json;
using System.Text.Json.Serialization;
using QualityWatch.Canaries.Running;
using QualityWatch.Core.Canaries;

namespace QualityWatch.Cli.Canaries;

/// <summary>Writes `--report`: every result, the summary and the alerts raised (none until the detection engine runs here).</summary>
internal static class CanaryReportWriter
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public static async Task WriteAsync(FileInfo file, string runId, IReadOnlyList<CanaryResult> results, IReadOnlyList<CanarySummaryRow> summary, CancellationToken cancellationToken)
    {
        file.Directory?.Create();
        await using var stream = file.Create();
        await JsonSerializer.SerializeAsync(stream, new { RunId = runId, Results = results, Summary = summary, Alerts = Array.Empty<object>() }, Json, cancellationToken);
    }
}
