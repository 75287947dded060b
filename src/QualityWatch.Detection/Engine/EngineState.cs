using System.Text.Json.Serialization;
using QualityWatch.Detection.Fingerprints;
using QualityWatch.Detection.Multivariate;
using QualityWatch.Detection.Signatures;

namespace QualityWatch.Detection.Engine;

/// <summary>Everything the engine remembers between passes; serialised whole into a <see cref="DetectionStateSnapshot"/>.</summary>
internal sealed class EngineState
{
    public int Version { get; set; } = 1;

    public Dictionary<string, TelemetrySeriesState> Telemetry { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The multivariate drift test's pooled model; null while the test is off.</summary>
    public MultivariateDriftState? Multivariate { get; set; }

    public Dictionary<string, CanarySeriesState> Canaries { get; set; } = new(StringComparer.Ordinal);

    public Dictionary<string, ModelSwapDetector> ModelSwaps { get; set; } = new(StringComparer.Ordinal);

    public Dictionary<string, DateTimeOffset> OpenModelSwaps { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The model-identity fingerprint: answer pool, trained model and per-model sequential tests.</summary>
    public FingerprintState Fingerprint { get; set; } = new();

    /// <summary>The ids of <see cref="SeenCanaryOrder"/> for lookups; not serialised (it held the same 20,000 ids a second
    /// time, over a megabyte of every snapshot) but rebuilt from the order on restore.</summary>
    [JsonIgnore]
    public HashSet<string> SeenCanaryResults { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The latest canary results' ids, oldest first, so a result sent again is not counted twice.</summary>
    public Queue<string> SeenCanaryOrder { get; set; } = new();

    /// <summary>Rebuilds what is not serialised, after a restore.</summary>
    public void AfterRestore() => SeenCanaryResults = new HashSet<string>(SeenCanaryOrder, StringComparer.Ordinal);

    /// <summary>
    /// Open episodes taken over from open alerts when the engine started without state (series → kinds): such a series
    /// is not reported healthy until the engine owns the episode (raises the kind itself) or the alert is closed.
    /// </summary>
    public Dictionary<string, HashSet<string>> InheritedEpisodes { get; set; } = new(StringComparer.Ordinal);
}
