namespace QualityWatch.Detection.Fingerprints;

/// <summary>
/// A checkpoint of the fingerprint's answer pool: every identity's answers when <see cref="Generation"/> began. Never
/// changed once taken, so it is serialised (and stored) once, whenever the snapshot that first refers to it is saved.
/// </summary>
internal sealed class FingerprintPoolRecord
{
    public long Generation { get; set; }

    public Dictionary<string, List<StoredAnswer>> Answers { get; set; } = new(StringComparer.Ordinal);
}
