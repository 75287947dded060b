namespace QualityWatch.Detection.TimeSeries;

/// <summary>A detector that consumes one point at a time with O(1) or O(window) work and serialisable state.</summary>
public interface IStreamingDetector
{
    /// <summary>Name used in findings and metrics (<c>sr</c>, <c>iid-spike</c>…).</summary>
    string Name { get; }

    /// <summary>Scores one point and updates the state.</summary>
    DetectorOutput Update(double value);

    /// <summary>Writes the state so a restart continues where it stopped.</summary>
    void Save(BinaryWriter writer);

    /// <summary>Restores what <see cref="Save"/> wrote (same options).</summary>
    void Load(BinaryReader reader);
}
