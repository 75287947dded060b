namespace QualityWatch.Core.Telemetry;

/// <summary>The slowest call of a series-minute, with the ids to find it in a tracing backend: the example a latency
/// incident shows.</summary>
/// <param name="DurationSeconds">Its duration.</param>
/// <param name="Call">Its trace and span id.</param>
public sealed record SlowestCall(double DurationSeconds, CallReference Call);
