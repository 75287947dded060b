namespace QualityWatch.Canaries.Running;

/// <summary>One provider × suite line of a run summary.</summary>
/// <param name="PassRate">Passed / answered (unavailable calls excluded); null when nothing was answered.</param>
/// <param name="PassRateLow">Lower bound of the 95% Wilson interval of the pass rate.</param>
/// <param name="PassRateHigh">Upper bound of the 95% Wilson interval of the pass rate.</param>
/// <param name="Availability">Answered / all calls.</param>
public sealed record CanarySummaryRow(
    string Provider,
    string Model,
    string Suite,
    int Calls,
    int Passed,
    int Failed,
    int Unavailable,
    double? PassRate,
    double PassRateLow,
    double PassRateHigh,
    double Availability,
    TimeSpan? LatencyP50,
    TimeSpan? LatencyP95,
    long InputTokens,
    long OutputTokens,
    decimal Cost);
