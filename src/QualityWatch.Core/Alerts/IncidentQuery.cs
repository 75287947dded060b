namespace QualityWatch.Core.Alerts;

/// <summary>Filters for listing incidents; null means "any". Most recently updated first.</summary>
/// <param name="State">Only this state.</param>
/// <param name="Limit">At most this many.</param>
/// <param name="Open">Only incidents that are not resolved.</param>
public sealed record IncidentQuery(AlertState? State = null, int Limit = 500, bool Open = false);
