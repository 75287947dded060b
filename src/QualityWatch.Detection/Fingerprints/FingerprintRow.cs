using Microsoft.ML.Data;

namespace QualityWatch.Detection.Fingerprints;

/// <summary>One answer as ML.NET sees it: the model identity that gave it (empty when scoring) and its features.</summary>
internal sealed class FingerprintRow
{
    public string Label { get; set; } = string.Empty;

    [VectorType(AnswerFeatures.Length)]
    public VBuffer<float> Features { get; set; }
}
