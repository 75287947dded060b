namespace QualityWatch.Alerts.Pages;

/// <summary>One provider × model row of the provider overview.</summary>
internal sealed record ProviderStatus(
    string Provider,
    string Model,
    double? PassRateLastHour,
    long QualityChecksLastHour,
    double? LatencyP50Seconds,
    double? LatencyP95Seconds,
    double? Availability,
    long Calls,
    long Errors,
    double Sla,
    int OpenAlerts)
{
    /// <summary>Share of the error budget left: 1 − errors / ((1 − SLA) × calls).</summary>
    public double? ErrorBudgetRemaining => Calls == 0 ? null : 1 - (Errors / ((1 - Sla) * Calls));

    public bool? MeetsSla => Availability is { } a ? a >= Sla : null;
}
