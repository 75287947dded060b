namespace QualityWatch.Detection.Fingerprints;

/// <summary>SDCA maximum-entropy output: one posterior per class, in the order of the model's label keys.</summary>
internal sealed class FingerprintPrediction
{
    public float[] Score { get; set; } = [];
}
