namespace QualityWatch.Detection.Engine;

/// <summary>An episode that is open outside the engine (an open alert): its series (canonical key) and fault kind.</summary>
/// <param name="Series">The series' canonical key, as in <c>SeriesKey.Canonical</c>.</param>
/// <param name="Kind">The finding kind (<c>FindingKinds</c>).</param>
public sealed record OpenEpisode(string Series, string Kind);
