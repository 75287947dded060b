namespace QualityWatch.Detection.Engine;

/// <summary>
/// A drift signal's three comparisons (rolling, day over day, slow level drift), each with its own episode key and
/// detector name, built once rather than on every minute of every series.
/// </summary>
internal sealed class DriftComparisons(DriftSignal rolling)
{
    public DriftSignal Rolling { get; } = rolling;

    public DriftSignal DayOverDay { get; } = rolling.DayOverDay;

    public DriftSignal Level { get; } = rolling.Level;
}
