namespace QualityWatch.Core.Metrics;

/// <summary>
/// The meters QualityWatch's modules create their instruments on (through the host's <c>IMeterFactory</c>). The host
/// that serves <c>/metrics</c> listens to exactly these, so a module's instruments appear wherever it is composed.
/// </summary>
public static class MeterNames
{
    /// <summary>Ingest, the GenAI histograms and the canary counters.</summary>
    public const string Collector = "QualityWatch.Collector";

    /// <summary>Open alerts.</summary>
    public const string Alerts = "QualityWatch.Alerts";

    /// <summary>The detection engine's latest scores.</summary>
    public const string Detection = "QualityWatch.Detection";

    /// <summary>Every QualityWatch meter.</summary>
    public static IReadOnlyList<string> All { get; } = [Collector, Alerts, Detection];
}
