using QualityWatch.Detection.TimeSeries;

namespace QualityWatch.Detection.Tests.TimeSeries;

public sealed class ErrorFunctionsTests
{
    [Theory]
    [InlineData(ErrorFunction.SignedDifference, 3, 5, -2)]
    [InlineData(ErrorFunction.AbsoluteDifference, 3, 5, 2)]
    [InlineData(ErrorFunction.SignedProportion, 3, -2, -2.5)]
    [InlineData(ErrorFunction.AbsoluteProportion, 3, -2, 2.5)]
    [InlineData(ErrorFunction.SquaredDifference, 3, 5, 4)]
    [InlineData(ErrorFunction.SignedProportion, 3, 0, 0)]
    [InlineData(ErrorFunction.AbsoluteProportion, 3, 0, 0)]
    public void Apply_MlNetDefinitions_ProportionsRelativeToTheSignedPredictionAndZeroWhenItIsZero(ErrorFunction function, double actual, double predicted, double expected)
    {
        Assert.Equal(expected, ErrorFunctions.Apply(function, actual, predicted));
    }
}
