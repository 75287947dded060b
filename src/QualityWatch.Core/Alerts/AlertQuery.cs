namespace QualityWatch.Core.Alerts;

/// <summary>Filters for listing alerts; null means "any". Newest first.</summary>
/// <param name="State">Only this state.</param>
/// <param name="Provider">Only this provider (exact).</param>
/// <param name="Since">Only alerts updated at or after this time.</param>
/// <param name="Limit">At most this many.</param>
public sealed record AlertQuery(AlertState? State = null, string? Provider = null, DateTimeOffset? Since = null, int Limit = 500);
