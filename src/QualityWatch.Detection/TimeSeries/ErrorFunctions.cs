namespace QualityWatch.Detection.TimeSeries;

internal static class ErrorFunctions
{
    public static double Apply(ErrorFunction function, double actual, double predicted) => function switch
    {
        ErrorFunction.SignedDifference => actual - predicted,
        ErrorFunction.AbsoluteDifference => Math.Abs(actual - predicted),
        ErrorFunction.SignedProportion => (actual - predicted) / (Math.Abs(predicted) < 1e-12 ? 1e-12 : Math.Abs(predicted)),
        ErrorFunction.AbsoluteProportion => Math.Abs(actual - predicted) / (Math.Abs(predicted) < 1e-12 ? 1e-12 : Math.Abs(predicted)),
        ErrorFunction.SquaredDifference => (actual - predicted) * (actual - predicted),
        _ => throw new ArgumentOutOfRangeException(nameof(function), function, null),
    };
}
