using QualityWatch.Core.Telemetry;

namespace QualityWatch.Storage.Telemetry;

/// <summary>
/// What one call adds to its series-minute: the figures a collector can read straight
/// from an encoded span, so a request's calls can be aggregated without materialising each call.
/// </summary>
/// <param name="DurationSeconds">Operation duration in seconds (negative counts as 0).</param>
/// <param name="TimeToFirstTokenSeconds">Time to the first chunk in seconds, when the call streamed.</param>
/// <param name="InputTokens">Input tokens, when reported.</param>
/// <param name="OutputTokens">Output tokens, when reported.</param>
/// <param name="Cost">Cost in US dollars, 0 when unknown.</param>
/// <param name="FinishReason">The first finish reason, when reported.</param>
/// <param name="ErrorType">The error type; null when the call succeeded.</param>
/// <param name="QualityPassed">Quality checks that passed.</param>
/// <param name="QualityTotal">All quality checks on the call.</param>
/// <param name="Output">Figures of the output text, when it was available.</param>
/// <param name="Reference">The call's trace and span id, so the slowest call of its minute can be found.</param>
public readonly record struct CallFigures(
    double DurationSeconds,
    double? TimeToFirstTokenSeconds,
    long? InputTokens,
    long? OutputTokens,
    decimal Cost,
    string? FinishReason,
    string? ErrorType,
    int QualityPassed,
    int QualityTotal,
    OutputFigures? Output = null,
    CallReference? Reference = null)
{
    /// <summary>The figures of a decoded call.</summary>
    public static CallFigures Of(TelemetryEvent telemetryEvent)
    {
        ArgumentNullException.ThrowIfNull(telemetryEvent);
        var call = telemetryEvent.Call;
        return new CallFigures(
            call.Duration.TotalSeconds,
            call.TimeToFirstToken?.TotalSeconds,
            call.InputTokens,
            call.OutputTokens,
            telemetryEvent.Cost,
            call.FinishReason,
            call.ErrorType,
            telemetryEvent.QualityPassed,
            telemetryEvent.QualityTotal,
            call.Content is { } content ? new OutputFigures(content.OutputLength, content.ScriptCounts, content.UnexpectedScriptShare) : null,
            call.Reference);
    }
}
