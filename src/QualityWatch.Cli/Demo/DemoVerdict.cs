namespace QualityWatch.Cli.Demo;

/// <summary>Whether one injected fault was caught, when, and by which alert.</summary>
internal sealed record DemoVerdict(DemoFault Fault, bool Detected, TimeSpan? Delay, string? AlertKind, string? AlertSummary);
