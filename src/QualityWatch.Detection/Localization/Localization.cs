namespace QualityWatch.Detection.Localization;

/// <summary>The segment that explains a change.</summary>
/// <param name="Dimension">The dimension chosen (for example <c>region</c>).</param>
/// <param name="Values">Its values that explain the change, most surprising first.</param>
/// <param name="ExplanatoryPower">Share of the total change those values explain (0..1+).</param>
/// <param name="Surprise">Summed Jensen–Shannon surprise of those values.</param>
public sealed record Localization(string Dimension, IReadOnlyList<string> Values, double ExplanatoryPower, double Surprise);
