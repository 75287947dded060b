namespace QualityWatch.Cli.Serve;

/// <summary>How <c>serve</c>'s detection loop persists the engine's state; bound from <c>detection</c>, beside the engine's own options.</summary>
internal sealed class DetectionLoopOptions
{
    public const string SectionName = QualityWatch.Detection.Engine.DetectionEngineOptions.SectionName;

    /// <summary>
    /// Minutes between saves of the engine's state when a pass neither took canary results nor raised findings (such
    /// passes always save, and so does shutdown). After a crash the restored engine replays at most this many minutes
    /// of stored buckets; 1 saves after every pass. The state is ≈ 15–20 KB (compressed) per series, so at a few
    /// hundred series and more, saving every minute dominates what detection writes.
    /// </summary>
    public int StateSaveIntervalMinutes { get; set; } = 10;

    /// <summary>Throws a one-line message naming the key when a value is out of range.</summary>
    /// <exception cref="InvalidOperationException">A value is out of range.</exception>
    public void Validate()
    {
        if (StateSaveIntervalMinutes is < 1 or > 1440)
        {
            throw new InvalidOperationException($"detection.state_save_interval_minutes must be 1..1440, not {StateSaveIntervalMinutes}");
        }
    }
}
