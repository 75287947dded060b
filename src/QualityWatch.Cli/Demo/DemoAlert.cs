namespace QualityWatch.Cli.Demo;

/// <summary>What the demo's summary needs of an alert: its kind, model, provider and when it was first seen.</summary>
internal sealed record DemoAlert(string Kind, string Provider, string Model, DateTimeOffset FirstSeenAt, string Summary);
