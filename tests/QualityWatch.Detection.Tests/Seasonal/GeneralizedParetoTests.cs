using QualityWatch.Detection.Seasonal;

namespace QualityWatch.Detection.Tests.Seasonal;

public sealed class GeneralizedParetoTests
{
    [Fact]
    public void FromQuantiles_OfAnExponentialTail_RecoversShapeZeroAndItsScale()
    {
        // Exponential(σ = 2) excesses: q(1/2) = 2 ln 2, q(1/4) = 2 ln 4.
        var tail = GeneralizedPareto.FromQuantiles(0, 2 * Math.Log(2), 2 * Math.Log(4));

        Assert.Equal(0, tail.Shape, 6);
        Assert.Equal(2, tail.Scale, 6);
        Assert.Equal(Math.Exp(-3), tail.Survival(6), 9);
    }

    [Fact]
    public void FromQuantiles_OfAHeavierTailThanTheCap_IsClampedToAThird()
    {
        var tail = GeneralizedPareto.FromQuantiles(0, 1, 10);

        Assert.Equal(1.0 / 3, tail.Shape, 9);
    }

    [Fact]
    public void FromQuantiles_AllTied_IsAnExponentialOfAtLeastOneUnit()
    {
        var tail = GeneralizedPareto.FromQuantiles(0, 0, 0);

        Assert.Equal(0, tail.Shape);
        Assert.True(tail.Survival(1) > 0.2);
    }
}
