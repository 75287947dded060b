using System.Numerics;
using QualityWatch.Gate.Statistics;

namespace QualityWatch.Gate.Tests.Statistics;

public sealed class McNemarExactTestTests
{
    [Fact]
    public void RegressionPValue_TenRegressedTwoImproved_IsSeventyNineOver4096()
    {
        // P(X ≥ 10 | n = 12, ½) = (C(12,10) + C(12,11) + C(12,12)) / 2^12 = 79 / 4096.
        Assert.Equal(79.0 / 4096, McNemarExactTest.RegressionPValue(10, 2), 12);
    }

    [Fact]
    public void TwoSidedPValue_TenRegressedTwoImproved_IsTwiceTheSmallerTail()
    {
        Assert.Equal(158.0 / 4096, McNemarExactTest.TwoSidedPValue(10, 2), 12);
        Assert.Equal(158.0 / 4096, McNemarExactTest.TwoSidedPValue(2, 10), 12);
    }

    [Fact]
    public void PValues_NoDiscordantPairs_AreOne()
    {
        Assert.Equal(1, McNemarExactTest.RegressionPValue(0, 0));
        Assert.Equal(1, McNemarExactTest.TwoSidedPValue(0, 0));
        Assert.Equal(1, McNemarExactTest.TwoSidedPValue(5, 5));
    }

    [Fact]
    public void RegressionPValue_FiveOfFive_IsOneOver32()
    {
        Assert.Equal(1.0 / 32, McNemarExactTest.RegressionPValue(5, 0), 12);
    }

    [Theory]
    [InlineData(4, 5)]   // 1/16 > 0.05: four discordant pairs can never be significant
    [InlineData(5, 5)]   // 1/32
    [InlineData(6, 6)]   // 1/64; 7/64 for five of six
    [InlineData(10, 9)]  // 11/1024 = 0.0107; 56/1024 = 0.0547 for eight
    [InlineData(20, 15)] // 21700/2^20 = 0.0207; 60460/2^20 = 0.0577 for fourteen
    public void CriticalRegressions_AtFivePercent_MatchesHandComputedTails(int discordant, int expected)
    {
        Assert.Equal(expected, McNemarExactTest.CriticalRegressions(discordant, 0.05));
    }

    [Theory]
    [InlineData(3, 0)]
    [InlineData(7, 3)]
    [InlineData(40, 25)]
    [InlineData(150, 86)]
    [InlineData(12, 30)]
    public void RegressionPValue_AgreesWithExactRationalSum(int regressions, int improvements)
    {
        var n = regressions + improvements;
        var numerator = BigInteger.Zero;
        for (var k = regressions; k <= n; k++)
        {
            numerator += Choose(n, k);
        }

        var expected = Math.Exp(BigInteger.Log(numerator) - (n * Math.Log(2)));
        Assert.Equal(expected, McNemarExactTest.RegressionPValue(regressions, improvements), 9);
    }

    private static BigInteger Choose(int n, int k)
    {
        BigInteger result = 1;
        for (var i = 1; i <= k; i++)
        {
            result = result * (n - k + i) / i;
        }

        return result;
    }
}
