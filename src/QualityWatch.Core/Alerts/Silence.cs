namespace QualityWatch.Core.Alerts;

/// <summary>
/// A label-matching silence: every alert whose provider (or provider family), model and kind (by fault class) match
/// is silenced from <paramref name="StartsAt"/> until <paramref name="EndsAt"/> — alerts open when it is created, alerts
/// that regress, and alerts of incidents opened later. A null matcher matches anything.
/// </summary>
/// <param name="Id">Stable id (<c>sil-…</c>).</param>
/// <param name="Provider">Provider name or provider family, or null for any.</param>
/// <param name="Model">Model, or null for any.</param>
/// <param name="Kind">Finding kind (matching its fault class), or null for any.</param>
/// <param name="StartsAt">When it took effect.</param>
/// <param name="EndsAt">When it expires (or was expired by hand).</param>
/// <param name="CreatedBy">Who created it.</param>
/// <param name="Note">Why.</param>
/// <param name="IncidentId">The incident it was created from, if any.</param>
public sealed record Silence(
    string Id,
    string? Provider,
    string? Model,
    string? Kind,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    string CreatedBy,
    string Note,
    string? IncidentId)
{
    /// <summary>True while <paramref name="now"/> is in [<see cref="StartsAt"/>, <see cref="EndsAt"/>).</summary>
    public bool IsActive(DateTimeOffset now) => StartsAt <= now && now < EndsAt;
}
