namespace QualityWatch.Alerts.Pages;

/// <summary>
/// One physical model on the provider overview: the telemetry's provider family and every configured provider name
/// it was seen under (canaries), merged.
/// </summary>
/// <param name="Provider">Provider family (<c>gen_ai.provider.name</c>).</param>
/// <param name="Model">Model.</param>
/// <param name="Names">Every provider name the model was seen under (<c>openai</c>, <c>openai-prod</c>).</param>
/// <param name="PassRateLastHour">Quality checks passed over the last hour.</param>
/// <param name="QualityChecksLastHour">Quality checks over the last hour.</param>
/// <param name="LatencyP50Seconds">Median latency over the last hour (merged histograms or raw canary latencies).</param>
/// <param name="LatencyP95Seconds">95th percentile over the last hour, likewise; null rather than a percentile of percentiles.</param>
/// <param name="Availability">1 − errors / calls over the data held.</param>
/// <param name="Calls">Calls over the data held.</param>
/// <param name="Errors">Errors over the data held.</param>
/// <param name="Sla">Published SLA.</param>
/// <param name="DataHeld">From the oldest bucket or result held (within the SLO window) to now; null without data.</param>
/// <param name="OpenIncidents">Kinds of the open incidents on this model, most severe first.</param>
internal sealed record ProviderStatus(
    string Provider,
    string Model,
    IReadOnlyList<string> Names,
    double? PassRateLastHour,
    long QualityChecksLastHour,
    double? LatencyP50Seconds,
    double? LatencyP95Seconds,
    double? Availability,
    long Calls,
    long Errors,
    double Sla,
    TimeSpan? DataHeld,
    IReadOnlyList<string> OpenIncidents)
{
    /// <summary>Share of the error budget left: 1 − errors / ((1 − SLA) × calls).</summary>
    public double? ErrorBudgetRemaining => Calls == 0 ? null : 1 - (Errors / ((1 - Sla) * Calls));

    public bool? MeetsSla => Availability is { } a ? a >= Sla : null;
}
