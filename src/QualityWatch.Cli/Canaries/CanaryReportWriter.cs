using System.Text.Json;
using System.Text.Json.Serialization;
using QualityWatch.Canaries.Running;
using QualityWatch.Core.Canaries;
using QualityWatch.Core.Findings;

namespace QualityWatch.Cli.Canaries;

/// <summary>Writes `--report`: every result, the summary and the alerts the detection engine raised during the run.</summary>
internal static class CanaryReportWriter
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public static async Task WriteAsync(FileInfo file, string runId, IReadOnlyList<CanaryResult> results, IReadOnlyList<CanarySummaryRow> summary, IReadOnlyList<Finding> findings, CancellationToken cancellationToken)
    {
        file.Directory?.Create();
        await using var stream = file.Create();
        await JsonSerializer.SerializeAsync(stream, new { RunId = runId, Results = results, Summary = summary, Alerts = findings }, Json, cancellationToken);
    }
}
