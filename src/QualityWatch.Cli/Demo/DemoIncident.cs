namespace QualityWatch.Cli.Demo;

/// <summary>What the demo's summary needs of an incident: its kind and target, when it opened and closed, and its members.</summary>
internal sealed record DemoIncident(string Id, string Kind, string Provider, string Model, DateTimeOffset OpenedAt, DateTimeOffset? ResolvedAt, string Summary, int Alerts)
{
    public bool IsOpen => ResolvedAt is null;
}
