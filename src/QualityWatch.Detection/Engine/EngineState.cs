using QualityWatch.Detection.Signatures;

namespace QualityWatch.Detection.Engine;

/// <summary>Everything the engine remembers between passes; serialised whole into a <see cref="DetectionStateSnapshot"/>.</summary>
internal sealed class EngineState
{
    public int Version { get; set; } = 1;

    public Dictionary<string, TelemetrySeriesState> Telemetry { get; set; } = new(StringComparer.Ordinal);

    public Dictionary<string, CanarySeriesState> Canaries { get; set; } = new(StringComparer.Ordinal);

    public Dictionary<string, ModelSwapDetector> ModelSwaps { get; set; } = new(StringComparer.Ordinal);

    public Dictionary<string, DateTimeOffset> OpenModelSwaps { get; set; } = new(StringComparer.Ordinal);

    public HashSet<string> SeenCanaryResults { get; set; } = new(StringComparer.Ordinal);

    public Queue<string> SeenCanaryOrder { get; set; } = new();
}
