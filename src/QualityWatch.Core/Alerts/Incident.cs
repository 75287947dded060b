namespace QualityWatch.Core.Alerts;

/// <summary>
/// One incident: every alert of one kind of fault on one physical target (provider family + model), across canary
/// suites and across canary and telemetry sources. Its state follows its member alerts: open while any member is open
/// (firing before acknowledged before silenced), resolved when the last one resolves.
/// </summary>
/// <param name="Id">Stable id (<c>inc-…</c>).</param>
/// <param name="Key">Kind + provider family + model: alerts with the same key join the incident while it is open.</param>
/// <param name="Kind">Finding kind.</param>
/// <param name="Provider">Provider family (<c>gen_ai.provider.name</c>, for example <c>openai</c>).</param>
/// <param name="Model">Model.</param>
/// <param name="State">Derived from the members.</param>
/// <param name="Severity">Highest severity any member reached.</param>
/// <param name="Summary">Headline: the latest member finding's summary.</param>
/// <param name="OpenedAt">First detection of its first member.</param>
/// <param name="UpdatedAt">Last change.</param>
/// <param name="ResolvedAt">When the last member resolved; null while open.</param>
public sealed record Incident(
    string Id,
    string Key,
    string Kind,
    string Provider,
    string Model,
    AlertState State,
    AlertSeverity Severity,
    string Summary,
    DateTimeOffset OpenedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? ResolvedAt)
{
    /// <summary>True unless resolved.</summary>
    public bool IsOpen => State != AlertState.Resolved;
}
