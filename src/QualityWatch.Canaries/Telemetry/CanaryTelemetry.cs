using System.Diagnostics;

namespace QualityWatch.Canaries.Telemetry;

/// <summary>
/// The canary runner's traces: one GenAI client span per call, with its score as an evaluation event. The library only
/// starts activities on <see cref="Source"/>; a host that exports them (the CLI's <c>canary run --otlp-endpoint</c>
/// and demo) attaches its own OpenTelemetry SDK provider to <see cref="SourceName"/>.
/// </summary>
public static class CanaryTelemetry
{
    /// <summary>Name of the <see cref="ActivitySource"/> canary spans come from.</summary>
    public const string SourceName = "QualityWatch.Canaries";

    /// <summary>The source canary spans are started on.</summary>
    public static ActivitySource Source { get; } = new(SourceName, "1.0.0");
}
