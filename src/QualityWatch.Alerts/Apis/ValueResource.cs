using QualityWatch.Core.Findings;

namespace QualityWatch.Alerts.Apis;

/// <summary>A value with its interval, in JSON (non-finite bounds become null).</summary>
internal sealed record ValueResource(double? Value, double? Low, double? High, long SampleSize, string Unit)
{
    public static ValueResource From(ValueWithInterval value) =>
        new(EvidenceResource.Finite(value.Value), EvidenceResource.Finite(value.Low), EvidenceResource.Finite(value.High), value.SampleSize, value.Unit);
}
