using System.Text.Json.Serialization;

namespace QualityWatch.Detection.Fingerprints;

/// <summary>
/// The fingerprint's part of the engine state: the bounded pool of healthy answers per identity, the monitors, and the
/// trained model as ML.NET's zip bytes with its classes and calibrations — persisted rather than retrained after a
/// restart, so the restored engine scores exactly as before (a retrain from the pool as it is at the restart would be
/// a different model from the one the statistic was built with). Of the pool the snapshot carries only the answers
/// added since its last checkpoint (<see cref="FingerprintPool"/>).
/// </summary>
internal sealed class FingerprintState
{
    public FingerprintPool AnswerPool { get; set; } = new();

    /// <summary>
    /// The whole pool as snapshots written before it had its own record carried it: read on restore (it becomes the
    /// first checkpoint), never written.
    /// </summary>
    [JsonPropertyName("Pool")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Dictionary<string, List<StoredAnswer>>? InlinePool { get; set; }

    /// <summary>The healthy answers per identity that the next training uses.</summary>
    [JsonIgnore]
    public Dictionary<string, List<StoredAnswer>> Pool => AnswerPool.Answers;

    public Dictionary<string, FingerprintMonitor> Monitors { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Answers added to the pool since the model was last trained.</summary>
    public int AddedSinceTraining { get; set; }

    public byte[]? ModelBytes { get; set; }

    public List<string> Classes { get; set; } = [];

    public Dictionary<string, FingerprintCalibration> Calibrations { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Rows and wall time of the last training, for <c>/metrics</c>-free inspection of its cost.</summary>
    public int LastTrainingRows { get; set; }

    public double LastTrainingMilliseconds { get; set; }

    [JsonIgnore]
    public FingerprintModel? Model { get; set; }

    /// <summary>The trained model, read from <see cref="ModelBytes"/> the first time after a restore; null before training.</summary>
    public FingerprintModel? CurrentModel()
    {
        if (Model is null && ModelBytes is { Length: > 0 } bytes)
        {
            try
            {
                Model = FingerprintModel.Load(bytes, Classes, Calibrations);
            }
            catch (Exception ex) when (ex is InvalidOperationException or FormatException or InvalidDataException or IOException or ArgumentException)
            {
                // A model this ML.NET cannot read (a damaged row, an older format): no verdict until the next training
                // from the pool, rather than a detection pass that fails every time.
                ModelBytes = null;
                Classes = [];
                Calibrations.Clear();
                AddedSinceTraining = Math.Max(AddedSinceTraining, 1);
            }
        }

        return Model;
    }

    public FingerprintMonitor Monitor(string identity)
    {
        if (!Monitors.TryGetValue(identity, out var monitor))
        {
            monitor = new FingerprintMonitor();
            Monitors[identity] = monitor;
        }

        return monitor;
    }
}
