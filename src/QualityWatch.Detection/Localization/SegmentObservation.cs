namespace QualityWatch.Detection.Localization;

/// <summary>One leaf of the segment cube: its attribute values and the expected vs actual value of an additive measure
/// (failures, errors, slow calls).</summary>
/// <param name="Attributes">Dimension → value (provider, model, region, deployment, category…).</param>
/// <param name="Expected">Forecast from the baseline.</param>
/// <param name="Actual">Observed.</param>
public sealed record SegmentObservation(IReadOnlyDictionary<string, string> Attributes, double Expected, double Actual);
