using System.Text.Json;
using System.Text.Json.Serialization;

namespace QualityWatch.Gate.Reports;

/// <summary>Reads and writes the JSON gate report.</summary>
internal static class GateReportJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        // The report is read by people too: keep "≥", "±" and "+" as they are (never embedded in HTML).
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static string Serialize(GateReport report) => JsonSerializer.Serialize(report, Options);

    public static async Task WriteAsync(GateReport report, string path, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        await File.WriteAllTextAsync(path, Serialize(report), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Parses a report; <see cref="InvalidDataException"/> with a one-line reason when it is not one.</summary>
    public static GateReport Deserialize(string json, string source)
    {
        GateReport? report;
        try
        {
            report = JsonSerializer.Deserialize<GateReport>(json, Options);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{source} is not a gate report: {ex.Message.ReplaceLineEndings(" ")}", ex);
        }

        if (report is null || report.CandidateResults is null || report.Suites is null)
        {
            throw new InvalidDataException($"{source} is not a gate report: candidateResults or suites missing");
        }

        if (report.SchemaVersion != GateReport.CurrentSchemaVersion)
        {
            throw new InvalidDataException($"{source} has gate report schema version {report.SchemaVersion}; this build reads version {GateReport.CurrentSchemaVersion}");
        }

        return report;
    }

    public static async Task<GateReport> ReadAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"baseline report not found: {path}", path);
        }

        return Deserialize(await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false), path);
    }
}
