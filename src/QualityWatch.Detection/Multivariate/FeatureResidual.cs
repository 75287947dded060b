namespace QualityWatch.Detection.Multivariate;

/// <summary>
/// One feature's part of a reconstruction error: its residual in robust standard units, its share of the squared
/// error, and the hour's value against the series' healthy median in the feature's own unit.
/// </summary>
internal sealed record FeatureResidual(int Feature, double Residual, double Share, double Current, double Baseline)
{
    public string Name => HourlyFeatures.Names[Feature];

    public string Unit => HourlyFeatures.Units[Feature];
}
