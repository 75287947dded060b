namespace QualityWatch.Detection.TimeSeries;

/// <summary>ML.NET's <c>ErrorFunctionUtils</c>: evaluated in double on the float observation and prediction; the
/// proportions are 0 when the prediction is exactly 0.</summary>
internal static class ErrorFunctions
{
    public static double Apply(ErrorFunction function, double actual, double predicted) => function switch
    {
        ErrorFunction.SignedDifference => actual - predicted,
        ErrorFunction.AbsoluteDifference => Math.Abs(actual - predicted),
        ErrorFunction.SignedProportion => predicted == 0 ? 0 : (actual - predicted) / predicted,
        ErrorFunction.AbsoluteProportion => predicted == 0 ? 0 : Math.Abs((actual - predicted) / predicted),
        ErrorFunction.SquaredDifference => (actual - predicted) * (actual - predicted),
        _ => throw new ArgumentOutOfRangeException(nameof(function), function, null),
    };
}
